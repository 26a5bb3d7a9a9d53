package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.MessagePlanner;
import io.punchcard.campaign.message.MessageRecord;
import io.punchcard.campaign.message.MessageStore;
import io.punchcard.campaign.message.MessageTemplate;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.store.PgMessages;
import io.punchcard.campaign.store.PgTemplates;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /scheduler/v1/messages} and {@code /scheduler/v1/members/{id}/messages}: staff send one message to one
 * member (planned and sent like any other: consent, cap and quiet hours apply to marketing), and read a
 * member's messages with their outcomes.
 */
final class MessagesService implements HttpService {

    /** Bounds a page of a member's history. */
    private static final int MAX_PAGE = 200;

    /**
     * @param requestId   the sender's id for this message: sending it again with the same id sends nothing more
     * @param memberId    whom to
     * @param template    the template's code (its channel is the message's)
     * @param purpose     MARKETING (the default) or TRANSACTIONAL
     * @param voucherCode a voucher the message is about
     */
    record SendBody(String requestId, UUID memberId, String template, Purpose purpose, String voucherCode) {
    }

    /** The message planned, and whether this request planned it. */
    record Sent(long id, boolean created, String cause) {
    }

    private final PgMessages messages;
    private final PgTemplates templates;
    private final MessagePlanner planner;
    private final Callers callers;
    private final MemberScope scope;
    private final Clock clock;

    MessagesService(PgMessages messages, PgTemplates templates, MessagePlanner planner, Callers callers,
                    MemberScope scope, Clock clock) {
        this.messages = messages;
        this.templates = templates;
        this.planner = planner;
        this.callers = callers;
        this.scope = scope;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/messages", this::send)
                .get("/messages/{id}", this::get)
                .get("/members/{memberId}/messages", this::ofMember);
    }

    private void send(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.STAFF);
        SendBody body = req.content().as(SendBody.class);
        if (body.requestId() == null || body.requestId().isBlank() || body.requestId().length() > 100) {
            throw Invalid.field("requestId", "is required: 1-100 characters of your own, the same for a retry");
        }
        if (body.memberId() == null) {
            throw Invalid.field("memberId", "is required");
        }
        scope.require(caller, body.memberId(), "memberId");
        if (body.template() == null || !body.template().matches("[a-z0-9][a-z0-9-]{0,63}")) {
            // Checked before the lookup, so a huge or odd code is neither looked up nor quoted back.
            throw Invalid.field("template", "is required: a template's code, 1-64 lowercase letters, digits or '-'");
        }
        MessageTemplate template = templates.template(body.template()).orElseThrow(() -> new ProblemException(
                Problem.of("template-not-found", "No such template", 404, "There is no template " + body.template()
                        + ".", "template")));
        CauseFacts facts;
        try {
            facts = new CauseFacts(null, body.voucherCode(), null, null, null);
        } catch (IllegalArgumentException e) {
            throw Invalid.from(e, null);
        }
        Purpose purpose = body.purpose() == null ? Purpose.MARKETING : body.purpose();
        // A transactional message skips consent, the cap, quiet hours and the unsubscribe link: only an ADMIN key
        // may call a message that.
        if (purpose == Purpose.TRANSACTIONAL && !"ADMIN".equals(caller.scope())) {
            throw new ProblemException(Problem.of("forbidden", "Not allowed for this key", 403, caller.described()
                    + " sends marketing messages only; a transactional one needs an ADMIN key.", "purpose"));
        }
        // The request id is the caller's: two stores that both count from 1 never share a message.
        String cause = "one-off:" + caller.id() + ":" + body.requestId();
        Instant now = clock.instant();
        MessageStore.Planned planned = planner.plan(new PlannedMessage(cause, purpose, template.channel(),
                body.memberId(), null, template.code(), facts, null, caller.name(), now));
        if (!planned.created()) {
            MessageRecord first = messages.find(planned.id()).orElseThrow();
            if (!body.memberId().equals(first.memberId()) || !template.code().equals(first.template())
                    || purpose != first.purpose()) {
                throw new ProblemException(Problem.of("request-id-reused", "The request id was used for another message",
                        409, "Request id " + body.requestId() + " was used for message " + first.id() + " (template "
                                + first.template() + ", member " + first.memberId() + "): use a new one.", "requestId"));
            }
        }
        res.status(planned.created() ? Status.ACCEPTED_202 : Status.OK_200);
        res.send(new Sent(planned.id(), planned.created(), cause));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.READERS);
        String raw = RequestParameters.path(req, "id");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Invalid.field("id", "must be a message id (a whole number)");
        }
        MessageRecord record = messages.find(id).orElseThrow(() -> new ProblemException(Problem.of(
                "message-not-found", "No such message", 404, "There is no message " + id + ".", "id")));
        scope.require(caller, record.memberId(), "id");
        res.send(record);
    }

    private void ofMember(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.READERS);
        UUID member = Invalid.uuid(req, "memberId", "a member id");
        scope.require(caller, member, "memberId");
        int limit = number(req, "limit", 50, 1, MAX_PAGE);
        Long before = req.query().first("before").isPresent() ? (long) number(req, "before", 0, 1, Integer.MAX_VALUE)
                : null;
        List<MessageRecord> page = messages.ofMember(member, before, limit);
        Long next = page.size() == limit ? page.get(page.size() - 1).id() : null;
        res.send(next == null ? Map.of("messages", page) : Map.of("messages", page, "next", next));
    }

    private static int number(ServerRequest req, String name, int otherwise, int min, int max) {
        var value = req.query().first(name);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw Invalid.field(name, "must be a whole number from " + min + " to " + max);
        }
    }
}
