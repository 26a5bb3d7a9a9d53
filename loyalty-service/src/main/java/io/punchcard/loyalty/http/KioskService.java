package io.punchcard.loyalty.http;

import java.time.Clock;
import java.time.Instant;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.KioskSession;
import io.punchcard.api.v1.OpenKioskSession;
import io.punchcard.loyalty.access.Access;
import io.punchcard.loyalty.access.ApiKey;
import io.punchcard.loyalty.access.ApiKeys;
import io.punchcard.loyalty.access.OpenAttempts;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.access.Session;
import io.punchcard.loyalty.access.SessionPolicy;
import io.punchcard.loyalty.access.SessionRequests;
import io.punchcard.loyalty.access.Sessions;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.Members;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.platform.http.ProblemException;

/**
 * {@code /api/v1/kiosk/sessions}: a kiosk starts acting for the member a shopper proved to be, and stops. What a
 * session then allows is {@link Access#decide}'s.
 */
public final class KioskService implements HttpService {

    private final Sessions sessions;
    private final SessionPolicy policy;
    private final ApiKeys keys;
    private final Members members;
    private final Programs programs;
    private final Clock clock;
    private final OpenAttempts attempts = new OpenAttempts();

    public KioskService(Sessions sessions, SessionPolicy policy, ApiKeys keys, Members members, Programs programs,
                        Clock clock) {
        this.sessions = sessions;
        this.policy = policy;
        this.keys = keys;
        this.members = members;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/sessions", this::open)
                .delete("/sessions/current", this::end);
    }

    private void open(ServerRequest req, ServerResponse res) {
        ApiKey caller = Authentication.caller(req);
        SessionRequests.Proof proof = Requests.valid(SessionRequests.proof(req.content().as(OpenKioskSession.class),
                programs.current().program().phoneRegion()));
        SessionRequests.refusal(proof, caller.scope()).ifPresent(refused -> {
            throw new ProblemException(Authentication.problem(refused));
        });
        Instant now = clock.instant();
        attempts.blockedUntil(caller.id(), now).ifPresent(until -> {
            throw new ProblemException(Problem.of("too-many-misses", "Too many unknown members", 429, "This key "
                    + "named " + OpenAttempts.MAX_MISSES + " members no one is within " + OpenAttempts.WINDOW.toMinutes()
                    + " minutes; it may open sessions again at " + until + ". A kiosk that did not do this may have "
                    + "lost its key: revoke it.", proof.field()));
        });
        String kioskKey = switch (proof) {
            case SessionRequests.Scanned scanned -> caller.id();
            case SessionRequests.ProvenPhone phone -> keys.active(phone.kioskKeyId())
                    .filter(key -> key.scope() == Scope.KIOSK).map(ApiKey::id)
                    .orElseThrow(() -> new ProblemException(Problem.of("kiosk-key-not-found", "No such kiosk key", 404,
                            "No active KIOSK key has the id '" + phone.kioskKeyId() + "'.", "kioskKey")));
        };
        // An erased or merged member holds no identifier in force, so they are found by none.
        Member member = members.find(proof.identifier()).orElseThrow(() -> {
            attempts.missed(caller.id(), now);
            return new ProblemException(Problem.of("member-not-found", "No such member", 404,
                    "No active member has this " + proof.field() + ".", proof.field()));
        });
        Session session = policy.open(kioskKey, member.id(), now);
        String token = sessions.open(session);
        res.status(Status.CREATED_201);
        res.send(new KioskSession(token, member.id(), session.expiresAt(), (int) policy.idle().toSeconds()));
    }

    /** Ends the session the request is made in; one already ended, or never this kiosk's, is gone all the same. */
    private void end(ServerRequest req, ServerResponse res) {
        String token = Authentication.sessionToken(req).orElseThrow(() -> ProblemException.invalidField(Access.HEADER,
                "Send the token of the session to end as " + Access.HEADER + "."));
        sessions.end(token, Authentication.caller(req).id());
        res.status(Status.NO_CONTENT_204).send();
    }
}
