package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.DeliveryStatus;
import io.punchcard.campaign.message.MemberDirectory;
import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.OptOuts;
import io.punchcard.campaign.message.ReplyKeyword;
import io.punchcard.campaign.message.WebhookSignature;
import io.punchcard.campaign.store.PgMessages;
import io.punchcard.platform.http.JsonBodies;
import io.punchcard.platform.http.ProblemException;

/**
 * The SMS gateway's calls to us: delivery receipts ({@code POST /scheduler/v1/sms/receipts}) and members' replies
 * ({@code POST /scheduler/v1/sms/inbound}, where STOP withdraws the sender's SMS consent and START gives it again).
 * Each is signed with the gateway's secret ({@code X-Punchcard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t." + body>}), checked on the raw body before anything is read; an unsigned, stale or forged call is a 401 and
 * changes nothing.
 */
final class SmsWebhooks implements HttpService {

    static final String SIGNATURE = "X-Punchcard-Signature";

    /** What a reply did. */
    record ReplyAnswer(String action, UUID memberId, Integer cancelled) {
    }

    /** What a receipt did. */
    record ReceiptAnswer(String outcome) {
    }

    private final Optional<WebhookSignature> signature;
    private final PgMessages messages;
    private final MemberDirectory members;
    private final OptOuts optOuts;
    private final Clock clock;

    /**
     * @param signature the gateway's secrets; empty when none is configured, and then every call is refused
     */
    SmsWebhooks(Optional<WebhookSignature> signature, PgMessages messages, MemberDirectory members, OptOuts optOuts,
                Clock clock) {
        this.signature = signature;
        this.messages = messages;
        this.members = members;
        this.optOuts = optOuts;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/receipts", this::receipt).post("/inbound", this::inbound);
    }

    private void receipt(ServerRequest req, ServerResponse res) {
        JsonNode body = signed(req);
        String reference = text(body, "reference", 64);
        DeliveryStatus status;
        try {
            status = DeliveryStatus.parse(text(body, "status", 20));
        } catch (IllegalArgumentException e) {
            throw Invalid.field("status", "must be one of queued, sent, delivered, failed");
        }
        Instant at = instant(body, "at");
        String error = body.hasNonNull("error") ? text(body, "error", 500) : null;
        switch (messages.receipt(reference, status, at, error, clock.instant())) {
            case RECORDED -> res.send(new ReceiptAnswer("recorded"));
            case IGNORED -> res.send(new ReceiptAnswer("ignored: the message is past that already"));
            case NO_SUCH_MESSAGE -> throw new ProblemException(Problem.of("message-not-found", "No such message", 404,
                    "No message has the reference " + reference + ".", "reference"));
        }
    }

    private void inbound(ServerRequest req, ServerResponse res) {
        JsonNode body = signed(req);
        String from = text(body, "from", 20);
        if (!OneTimeCodes.isE164(from)) {
            throw Invalid.field("from", "must be an E.164 number, e.g. +14155550123");
        }
        String text = text(body, "text", 2000);
        Optional<ReplyKeyword.Reply> reply = ReplyKeyword.read(text);
        if (reply.isEmpty()) {
            res.send(new ReplyAnswer("none: not a keyword", null, null));
            return;
        }
        Optional<UUID> member;
        try {
            member = members.withPhone(from);
        } catch (IllegalStateException e) {
            // Sent here, not thrown: Helidon resets the headers before an error handler runs.
            res.header(HeaderNames.RETRY_AFTER, "5");
            io.punchcard.platform.http.Problems.send(req, res, Problem.of("core-unavailable", "Service unavailable",
                    503, "The core did not answer who " + from + " is; send the reply again.", null));
            return;
        }
        if (member.isEmpty()) {
            res.send(new ReplyAnswer("none: no member has this number", null, null));
            return;
        }
        OptOuts.Changed changed = switch (reply.get()) {
            case STOP -> optOuts.optOut(member.get(), Channel.SMS, "sms-reply");
            case START -> optOuts.optIn(member.get(), Channel.SMS, "sms-reply");
        };
        res.send(new ReplyAnswer(reply.get().name().toLowerCase(java.util.Locale.ROOT), member.get(),
                changed.cancelled()));
    }

    /** The body, once its signature holds; a 401 otherwise, before anything of it is read. */
    private JsonNode signed(ServerRequest req) {
        byte[] raw = req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
        String header = req.headers().first(io.helidon.http.HeaderNames.create(SIGNATURE)).orElse(null);
        WebhookSignature.Verdict verdict = signature.map(s -> s.verify(header, raw))
                .orElse(WebhookSignature.Verdict.BAD_SIGNATURE);
        if (verdict != WebhookSignature.Verdict.VALID) {
            throw new ProblemException(Problem.of("invalid-signature", "The signature does not hold", 401,
                    switch (verdict) {
                        case MISSING -> "Sign the body: " + SIGNATURE + ": t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.\" + body>.";
                        case MALFORMED -> SIGNATURE + " must read t=<unix seconds>,v1=<64 hex digits>.";
                        case STALE -> "The signature's time is too far from ours: a replay, or a clock to set right.";
                        case BAD_SIGNATURE, VALID -> signature.isEmpty()
                                ? "No gateway secret is configured (messages.sms.webhook-secret): nothing is accepted."
                                : "The signature does not match the body under the gateway's secret.";
                    }, SIGNATURE));
        }
        // Checked after the signature, so an unsigned caller learns nothing; our gateway contract is JSON, and a
        // form or text read as JSON would only fail later with a less useful word.
        req.headers().contentType().filter(type -> !type.test(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON)
                && !type.subtype().endsWith("+json")).ifPresent(type -> {
                    throw new ProblemException(Problem.of("unsupported-media-type", "Unsupported Media Type", 415,
                            "A webhook body is JSON (Content-Type: application/json), not " + type.mediaType().text()
                                    + ".", "Content-Type"));
                });
        JsonNode body = JsonBodies.tree(Json.mapper(), raw);
        if (body == null || !body.isObject()) {
            throw new ProblemException(Problem.of("invalid-body", "The request body is invalid", 400,
                    "The body must be one JSON object.", null));
        }
        return body;
    }

    private static String text(JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw Invalid.field(field, "is required, as text");
        }
        String value = node.asText();
        if (value.length() > max || value.chars().anyMatch(ch -> ch == 0) || !wellFormed(value)) {
            throw Invalid.field(field, "must be text of at most " + max + " characters");
        }
        return value;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private Instant instant(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            return clock.instant();
        }
        try {
            return Instant.parse(text(body, field, 40));
        } catch (DateTimeParseException e) {
            throw Invalid.field(field, "must be an instant such as 2026-12-06T10:15:30Z");
        }
    }

}
