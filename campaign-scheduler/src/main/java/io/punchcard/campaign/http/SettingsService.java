package io.punchcard.campaign.http;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.message.MessagingSettings;
import io.punchcard.campaign.message.SettingsProblem;
import io.punchcard.campaign.store.PgMessagingSettings;
import io.punchcard.campaign.store.SettingsDocument;
import io.punchcard.platform.http.ProblemException;

/**
 * {@code /scheduler/v1/settings}: the send rules (frequency cap, quiet hours, rates per channel, how late a
 * message may still go), shared by every instance; a change names the version it replaces ({@code If-Match}).
 */
final class SettingsService implements HttpService {

    private final PgMessagingSettings settings;
    private final Callers callers;

    SettingsService(PgMessagingSettings settings, Callers callers) {
        this.settings = settings;
        this.callers = callers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::get).put("/", this::put);
    }

    private void get(ServerRequest req, ServerResponse res) {
        callers.require(req, Callers.READERS);
        PgMessagingSettings.Versioned current = settings.current();
        res.header(HeaderNames.ETAG, "\"" + current.version() + "\"");
        res.send(SettingsDocument.of(current.settings()));
    }

    private void put(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        String ifMatch = req.headers().first(HeaderNames.IF_MATCH).map(v -> v.replace("W/", "").replace("\"", "").strip())
                .orElseThrow(() -> new ProblemException(Problem.of("precondition-required", "If-Match required", 428,
                        "Name the version you replace: If-Match: \"<version>\" (GET the settings for their ETag).", null)));
        if (!ifMatch.matches("[0-9]{1,9}")) {
            throw new ProblemException(Problem.of("invalid-header", "A request header is invalid", 400,
                    "If-Match must be a version this API gave as an ETag, e.g. \"3\".", "If-Match"));
        }
        MessagingSettings next = settings(req.content().as(SettingsDocument.class));
        PgMessagingSettings.Versioned saved = settings.replace(next, Integer.parseInt(ifMatch), caller.name())
                .orElseThrow(() -> new ProblemException(Problem.of("version-mismatch", "Changed meanwhile", 412,
                        "The settings are at version " + settings.current().version() + ", not " + ifMatch
                                + ": read them again and apply your change to that.", null)));
        res.header(HeaderNames.ETAG, "\"" + saved.version() + "\"");
        res.send(SettingsDocument.of(saved.settings()));
    }

    /** Every problem with the document, each with its field, or the settings it makes. */
    private static MessagingSettings settings(SettingsDocument d) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (d.frequencyCap() == null || d.frequencyCap().maxMessages() == null || d.frequencyCap().days() == null) {
            errors.add(new Problem.FieldError("frequencyCap", "needs maxMessages and days"));
        }
        LocalTime start = time(d.quietHours() == null ? null : d.quietHours().start(), "quietHours.start", errors);
        LocalTime end = time(d.quietHours() == null ? null : d.quietHours().end(), "quietHours.end", errors);
        if (d.ratePerSecond() == null) {
            errors.add(new Problem.FieldError("ratePerSecond", "needs EMAIL and SMS"));
        }
        if (d.marketingMaxAgeMinutes() == null) {
            errors.add(new Problem.FieldError("marketingMaxAgeMinutes", "is required"));
        }
        if (d.transactionalMaxAgeMinutes() == null) {
            errors.add(new Problem.FieldError("transactionalMaxAgeMinutes", "is required"));
        }
        if (!errors.isEmpty()) {
            throw Invalid.all(errors);
        }
        // Not Math.abs: the absolute value of Long.MIN_VALUE is itself, which would pass and overflow a Duration.
        if (farOff(d.marketingMaxAgeMinutes()) || farOff(d.transactionalMaxAgeMinutes())) {
            throw Invalid.field(farOff(d.marketingMaxAgeMinutes()) ? "marketingMaxAgeMinutes"
                    : "transactionalMaxAgeMinutes", "is far beyond 30 days");
        }
        return switch (MessagingSettings.of(d.frequencyCap().maxMessages(), d.frequencyCap().days(), start, end,
                d.ratePerSecond(), Duration.ofMinutes(d.marketingMaxAgeMinutes()),
                Duration.ofMinutes(d.transactionalMaxAgeMinutes()))) {
            case MessagingSettings.Checked.Valid valid -> valid.settings();
            case MessagingSettings.Checked.Invalid invalid -> {
                List<Problem.FieldError> problems = new ArrayList<>();
                for (SettingsProblem p : invalid.problems()) {
                    problems.add(new Problem.FieldError(p.field(), p.message()));
                }
                throw Invalid.all(problems);
            }
        };
    }

    private static boolean farOff(long minutes) {
        return minutes > 1_000_000 || minutes < -1_000_000;
    }

    private static LocalTime time(String value, String field, List<Problem.FieldError> errors) {
        if (value == null || !value.matches("[0-9]{2}:[0-9]{2}")) {
            errors.add(new Problem.FieldError(field, "must be a time as HH:mm, e.g. 21:00"));
            return null;
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be a time as HH:mm, e.g. 21:00"));
            return null;
        }
    }
}
