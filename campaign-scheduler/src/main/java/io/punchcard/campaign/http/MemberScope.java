package io.punchcard.campaign.http;

import java.util.UUID;
import java.util.stream.Stream;

import io.punchcard.api.Problem;
import io.punchcard.campaign.facts.MemberFacts;
import io.punchcard.campaign.store.PgFacts;
import io.punchcard.platform.http.ProblemException;

/**
 * Which members a STORE caller (a STORE key, a store manager's session) may read and act on: those who joined at,
 * prefer, or bought at one of their stores — the core's rule of a store's members (docs/api.md, "Store scoping") —
 * as the scheduler's read model knows them. A member the read model does not know yet (the feed names every member
 * within seconds) is refused to a STORE caller too: the scheduler cannot tell whose member they are.
 */
final class MemberScope {

    private final PgFacts facts;

    MemberScope(PgFacts facts) {
        this.facts = facts;
    }

    /** Refuses {@code caller} the member {@code member} (named by {@code field}) when it is not one of theirs. */
    void require(Caller caller, UUID member, String field) {
        // A message to no member (a one-time code's, to a phone number) is no store's.
        if (caller.limitedToStores() && (member == null || !facts.find(member).map(f -> theirs(caller, f)
                || facts.boughtAt(member, caller.stores())).orElse(false))) {
            throw refused(caller, field);
        }
    }

    /** Whether {@code caller} may read the member of {@code facts} by where they joined or prefer to shop. */
    private static boolean theirs(Caller caller, MemberFacts facts) {
        return !caller.limitedToStores() || Stream.of(facts.joinStore(), facts.preferredStore())
                .anyMatch(store -> store != null && caller.stores().contains(store));
    }

    private static ProblemException refused(Caller caller, String field) {
        return new ProblemException(Problem.of("forbidden", "Not one of your stores' members", 403,
                caller.described() + " for " + String.join(", ", caller.stores()) + " reads and acts only on "
                        + "members who joined at, prefer or bought at one of those stores.", field));
    }
}
