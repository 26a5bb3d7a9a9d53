package io.punchcard.campaign.http;

import java.util.Map;
import java.util.UUID;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.campaign.facts.MemberFacts;
import io.punchcard.campaign.store.PgFacts;
import io.punchcard.platform.http.ProblemException;

/**
 * The read model, for the console and for people checking it: a member's facts as the scheduler sees them, and the
 * rebuild from the feed's start (docs/campaigns.md, "Read model").
 */
final class FactsService implements HttpService {

    private static final System.Logger LOG = System.getLogger(FactsService.class.getName());

    private final PgFacts facts;
    private final Callers callers;
    private final MemberScope scope;

    FactsService(PgFacts facts, Callers callers, MemberScope scope) {
        this.facts = facts;
        this.callers = callers;
        this.scope = scope;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/members/{memberId}/facts", this::member)
                .post("/facts/rebuild", this::rebuild);
    }

    private void member(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.READERS);
        UUID member = Invalid.uuid(req, "memberId", "a member id");
        MemberFacts found = facts.find(member).orElseThrow(() -> new ProblemException(Problem.of("member-not-found",
                "No facts of this member", 404, "The events feed has not named member " + member
                        + " (yet), or they were erased.", "memberId")));
        scope.require(caller, member, "memberId");
        res.send(found);
    }

    private void rebuild(ServerRequest req, ServerResponse res) {
        Caller caller = callers.require(req, Callers.ADMIN);
        facts.rebuild();
        LOG.log(System.Logger.Level.INFO, "Read model emptied for a rebuild from the feed's start by " + caller.name());
        res.status(Status.ACCEPTED_202).send(Map.of("position", PgFacts.START,
                "detail", "The facts are empty; the follower reads the events feed again from its start."));
    }
}
