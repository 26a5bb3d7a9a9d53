package io.punchcard.loyalty.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.EraseMember;
import io.punchcard.api.v1.MergeMembers;
import io.punchcard.api.v1.Resolution;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.api.v1.UnlinkCustomer;
import io.punchcard.api.v1.Unlinked;
import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.api.identity.Identifiers;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.member.Identity;
import io.punchcard.loyalty.member.MemberStores;
import io.punchcard.loyalty.program.Channel;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.platform.http.ProblemException;

/**
 * One shopper, one member: {@code POST /api/v1/members/resolve}, {@code GET /api/v1/duplicates},
 * {@code POST /api/v1/members/{id}/merge}, and the GDPR {@code export}, {@code erase} and the {@code timeline}.
 */
public final class IdentityService {

    private final Identity identity;
    private final Programs programs;
    private final Scoping scoping;
    private final Audit audit;
    private final Clock clock;

    public IdentityService(Identity identity, Programs programs, MemberStores stores, Audit audit, Clock clock) {
        this.identity = identity;
        this.audit = audit;
        this.scoping = new Scoping(stores);
        this.programs = programs;
        this.clock = clock;
    }

    /** The routes under {@code /api/v1/members}. */
    public HttpService members() {
        return rules -> rules.post("/resolve", this::resolve)
                .post("/unlink", this::unlink)
                .post("/{id}/merge", this::merge)
                .get("/{id}/export", this::export)
                .post("/{id}/erase", this::erase)
                .get("/{id}/timeline", this::timeline);
    }

    /** The routes under {@code /api/v1/duplicates}. */
    public HttpService duplicates() {
        return rules -> rules.get("/", this::suspects);
    }

    /** A member of staff limited to some stores sees the pairs both of whose members are theirs. */
    private void suspects(ServerRequest req, ServerResponse res) {
        List<Identity.Suspect> suspects = identity.suspects();
        if (!Scoping.of(req).limited()) {
            res.send(suspects);
            return;
        }
        var visible = scoping.visible(req, suspects.stream()
                .flatMap(s -> java.util.stream.Stream.of(s.memberA(), s.memberB())).toList());
        res.send(suspects.stream().filter(s -> visible.contains(s.memberA()) && visible.contains(s.memberB())).toList());
    }

    private void resolve(ServerRequest req, ServerResponse res) {
        ResolveCustomer body = req.content().as(ResolveCustomer.class);
        Program program = programs.current().program();
        List<Violation> violations = new ArrayList<>();
        Identifier external = identifier(violations, "externalId", IdentifierKind.EXTERNAL, body.externalId(), program, true);
        Identifier email = identifier(violations, "email", IdentifierKind.EMAIL, body.email(), program, false);
        Identifier phone = identifier(violations, "phone", IdentifierKind.PHONE, body.phone(), program, false);
        Limits.text(violations, "givenName", body.givenName());
        Limits.text(violations, "familyName", body.familyName());
        Channel channel = Channel.ONLINE;
        if (body.joinChannel() != null) {
            try {
                channel = Channel.valueOf(body.joinChannel().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("joinChannel", "'" + body.joinChannel() + "' is not POS, ONLINE or KIOSK"));
            }
        }
        if (body.joinStore() != null && program.store(body.joinStore()).isEmpty()) {
            violations.add(new Violation("joinStore", "no store '" + body.joinStore() + "' in the program"));
        }
        var consents = Requests.valid(io.punchcard.loyalty.member.MemberRequests.consents(body.consents(), clock));
        if (!violations.isEmpty()) {
            throw Requests.invalid(violations);
        }
        Identity.Customer customer = new Identity.Customer(external, email, phone, body.givenName(), body.familyName(),
                consents, channel, body.joinStore());
        switch (identity.resolve(customer)) {
            case Identity.Matched matched -> res.send(new Resolution(matched.memberId(), matched.by(), List.of()));
            case Identity.Enrolled enrolled -> {
                res.status(Status.CREATED_201);
                res.send(new Resolution(enrolled.member().id(), "ENROLLED", List.of()));
            }
            case Identity.Ambiguous ambiguous -> res.send(new Resolution(null, "AMBIGUOUS",
                    List.of(ambiguous.byEmail(), ambiguous.byPhone())));
        }
    }

    private void unlink(ServerRequest req, ServerResponse res) {
        UnlinkCustomer body = req.content().as(UnlinkCustomer.class);
        List<Violation> violations = new ArrayList<>();
        Identifier external = identifier(violations, "externalId", IdentifierKind.EXTERNAL, body.externalId(),
                programs.current().program(), true);
        if (!violations.isEmpty()) {
            throw Requests.invalid(violations);
        }
        requireText(body.source(), "source", "Name the channel's purchase source, e.g. online:shopify:acme.myshopify.com.");
        requireText(body.actor(), "actor", "Say who carries out the request.");
        requireText(body.reason(), "reason", "Name the request it answers.");
        Identity.Unlinked done = identity.unlink(external, body.source(), body.actor(), body.reason(),
                Authentication.actor(req));
        res.send(new Unlinked(done.memberId(), done.outcome()));
    }

    private static Identifier identifier(List<Violation> violations, String field, IdentifierKind kind, String raw,
                                         Program program, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                violations.add(new Violation(field, "is required"));
            }
            return null;
        }
        return switch (Identifiers.normalise(kind, raw, program.phoneRegion())) {
            case Identifiers.Valid valid -> valid.identifier();
            case Identifiers.Invalid invalid -> {
                violations.add(new Violation(field, invalid.reason()));
                yield null;
            }
        };
    }

    private void merge(ServerRequest req, ServerResponse res) {
        UUID survivor = Requests.uuid(req, "id");
        MergeMembers body = req.content().as(MergeMembers.class);
        if (body.duplicateId() == null) {
            throw ProblemException.invalidField("duplicateId", "Name the member to merge away.");
        }
        requireText(body.actor(), "actor", "Say who decided the merge.");
        requireText(body.reason(), "reason", "Say why the two are one person.");
        scoping.require(req, body.duplicateId(), "duplicateId");
        switch (identity.merge(survivor, body.duplicateId(), body.actor(), body.reason(),
                Authentication.actor(req))) {
            case Identity.MergeDone done -> res.send(Views.member(done.survivor()));
            case Identity.MergeRefused refused -> throw new ProblemException(Problem.of("merge-refused",
                    "The members cannot be merged", 409, "Refused: " + refused.reason() + ".", refused.field()));
        }
    }

    private void export(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        String json = identity.export(id).orElseThrow(() -> Requests.memberNotFound(id));
        // Who took a copy of whose data: recorded once the copy is made, before it is sent.
        audit.record(new Audit.Change(Authentication.actor(req), "member.export", "member:" + id, null, null));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(json);
    }

    private void erase(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        EraseMember body = req.content().as(EraseMember.class);
        requireText(body.actor(), "actor", "Say who carries out the erasure.");
        requireText(body.reason(), "reason", "Name the request the erasure answers.");
        if (!identity.erase(id, body.actor(), body.reason(), Authentication.actor(req))) {
            throw Requests.memberNotFound(id);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void timeline(ServerRequest req, ServerResponse res) {
        UUID id = Requests.uuid(req, "id");
        int limit = (int) Requests.number(req, "limit", 200, 1, 1000);
        String json = identity.timeline(id, limit).orElseThrow(() -> Requests.memberNotFound(id));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(json);
    }

    private static void requireText(String value, String field, String detail) {
        if (value == null || value.isBlank() || value.length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField(field, detail + " (at most " + Limits.MAX_TEXT + " characters)");
        }
    }
}
