package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.KioskSession;
import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.Problems;

/**
 * {@code /scheduler/v1/one-time-codes}: a kiosk asks for a code to be sent to a phone number by SMS, then checks
 * the code the shopper types, which opens the kiosk's session as the member who has the number. The rules
 * (lifetime, codes per number and per kiosk, tries, when a code is used) are {@link OneTimeCodes}'.
 */
final class OneTimeCodesService implements HttpService {

    private static final System.Logger LOG = System.getLogger(OneTimeCodesService.class.getName());

    /** @param phone E.164, e.g. +14155550123; @param language the text's language, e.g. de */
    record RequestBody(String phone, String language) {
    }

    record CheckBody(String code) {
    }

    record Sent(UUID id, java.time.Instant expiresAt) {
    }

    /**
     * @param session null when no member has the number (the kiosk may enrol one with it), or for an ADMIN key;
     *                written as null rather than left out, so the answer has one shape
     */
    record Verified(String phone, @JsonInclude(JsonInclude.Include.ALWAYS) KioskSession session) {
    }

    private final OneTimeCodes codes;
    private final Callers callers;
    private final Clock clock;
    private final boolean smsConfigured;

    /** @param smsConfigured whether an SMS gateway is configured: without one a code could never arrive */
    OneTimeCodesService(OneTimeCodes codes, Callers callers, Clock clock, boolean smsConfigured) {
        this.codes = codes;
        this.callers = callers;
        this.clock = clock;
        this.smsConfigured = smsConfigured;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::request).post("/{id}/check", this::check);
    }

    private void request(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.KIOSK);
        RequestBody body = req.content().as(RequestBody.class);
        if (!OneTimeCodes.isE164(body.phone())) {
            throw Invalid.field("phone", "must be an E.164 number, e.g. +14155550123");
        }
        if (body.language() != null) {
            try {
                new io.punchcard.campaign.message.CauseFacts(null, null, null, null, body.language());
            } catch (IllegalArgumentException e) {
                throw Invalid.field("language", "must be a language tag such as de or pt-BR");
            }
        }
        if (!smsConfigured) {
            // Refused before a code is kept: it would only wait in the queue and use up the number's codes.
            throw new ProblemException(Problem.of("sms-unavailable", "SMS unavailable", 503,
                    "No SMS gateway is configured, so a code cannot be sent; the shopper can sign in another way.",
                    null));
        }
        switch (codes.request(body.phone(), body.language(), caller.id())) {
            case OneTimeCodes.Request.Sent sent -> {
                res.status(Status.ACCEPTED_202);
                res.send(new Sent(sent.id(), sent.expiresAt()));
            }
            case OneTimeCodes.Request.TooMany tooMany -> {
                refuse(req, res, tooMany.retryAt(), Problem.of("too-many-codes", "Too many codes", 429,
                        "This number was sent enough codes lately; a new one can be sent at " + tooMany.retryAt()
                                + ".", "phone"));
            }
            case OneTimeCodes.Request.TooManyForKiosk tooMany -> {
                refuse(req, res, tooMany.retryAt(), Problem.of("too-many-codes-for-kiosk", "Too many codes", 429,
                        "This kiosk asked for enough codes lately; a new one can be sent at " + tooMany.retryAt()
                                + ".", null));
            }
        }
    }

    private void check(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.KIOSK);
        UUID id = Invalid.uuid(req, "id", "the id the code was sent with");
        CheckBody body = req.content().as(CheckBody.class);
        if (body.code() == null || !body.code().matches("[0-9]{" + OneTimeCodes.DIGITS + "}")) {
            throw Invalid.field("code", "must be the " + OneTimeCodes.DIGITS + " digits sent by SMS");
        }
        // Only a KIOSK key has sessions: an ADMIN key checks a code and learns the number, nothing more.
        String kioskKey = "KIOSK".equals(caller.scope()) ? caller.id() : null;
        switch (codes.check(id, body.code(), kioskKey)) {
            case OneTimeCodes.Check.Verified verified -> res.send(new Verified(verified.phone(), verified.session()));
            case OneTimeCodes.Check.CoreUnavailable unavailable -> {
                LOG.log(System.Logger.Level.WARNING, "No kiosk session opened: " + unavailable.reason());
                throw new ProblemException(Problem.of("core-unavailable", "Service unavailable", 503,
                        "The code is right, but the core could not open the session just now; check the same code "
                                + "again in a few seconds.", null));
            }
            case OneTimeCodes.Check.Wrong wrong -> throw new ProblemException(Problem.of("wrong-code", "Wrong code", 422,
                    "That is not the code; " + wrong.triesLeft() + " tries left.", "code"));
            case OneTimeCodes.Check.Expired expired -> throw new ProblemException(Problem.of("code-expired",
                    "The code expired", 410, "Codes work for " + OneTimeCodes.LIFETIME.toMinutes()
                            + " minutes; ask for a new one.", "code"));
            case OneTimeCodes.Check.Locked locked -> {
                refuse(req, res, locked.until(), Problem.of("number-locked", "Too many wrong codes", 429,
                        "Too many wrong codes for this number; try again after " + locked.until() + ".", "code"));
            }
            case OneTimeCodes.Check.NoSuchCode none -> throw new ProblemException(Problem.of("code-not-found",
                    "No such code", 404, "There is no code " + id + " waiting to be checked.", "id"));
        }
    }

    /**
     * Sends a 429 with {@code Retry-After} itself: a header set before throwing a {@link ProblemException} is lost,
     * since Helidon resets the response before the error handler writes the problem.
     */
    private void refuse(ServerRequest req, ServerResponse res, java.time.Instant retryAt, Problem problem) {
        res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1,
                Duration.between(clock.instant(), retryAt).toSeconds())));
        Problems.send(req, res, problem);
    }
}
