package io.punchcard.loyalty.http;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.webserver.http.ServerRequest;

import io.punchcard.loyalty.access.Access;
import io.punchcard.loyalty.access.StaffAccess;
import io.punchcard.loyalty.access.StoreScope;
import io.punchcard.loyalty.member.MemberStores;
import io.punchcard.platform.http.ProblemException;

/**
 * Keeps a member of staff limited to some stores ({@link StoreScope}) to those stores' members: the filter checks
 * every route that names a member in its path, the handlers the members a body or a lookup names, and listings
 * narrow their query. The decision is {@link StoreScope#decide}'s; this reads the member's stores for it.
 */
final class Scoping {

    /** A route of one member: {@code /api/v1/members/{id}} and everything under it. */
    private static final Pattern MEMBER_PATH = Pattern.compile("/api/v1/members/([0-9a-fA-F-]{36})(/.*)?/?");

    private final MemberStores stores;

    Scoping(MemberStores stores) {
        this.stores = stores;
    }

    /** The scope of the request: its staff session's, or none for a key alone. */
    static StoreScope of(ServerRequest req) {
        return Authentication.staffMember(req).map(StoreScope::of).orElse(StoreScope.EVERY_STORE);
    }

    /** The refusal of a request in {@code live}'s session whose path names a member of other stores, or null. */
    Access.Refused refusalOfPath(StaffAccess.Live live, String path) {
        StoreScope scope = StoreScope.of(live);
        Matcher m = MEMBER_PATH.matcher(path);
        if (!scope.limited() || !m.matches()) {
            return null;
        }
        UUID member;
        try {
            member = UUID.fromString(m.group(1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return decide(scope, member, "id") instanceof Access.Refused refused ? refused : null;
    }

    /** Refuses {@code member}, named by {@code field}, when the request's staff session may not see them. */
    void require(ServerRequest req, UUID member, String field) {
        StoreScope scope = of(req);
        if (scope.limited() && decide(scope, member, field) instanceof Access.Refused refused) {
            throw new ProblemException(Authentication.problem(refused));
        }
    }

    /** Those of {@code members} the request's staff session may see. */
    Set<UUID> visible(ServerRequest req, Collection<UUID> members) {
        StoreScope scope = of(req);
        return scope.limited() ? stores.within(members, scope.stores()) : Set.copyOf(members);
    }

    /** An unknown member is no other store's: the route answers that it is not found. */
    private Access.Decision decide(StoreScope scope, UUID member, String field) {
        return stores.storesOf(member, scope.stores()).map(of -> scope.decide(member, of, field))
                .orElse(new Access.Allowed(null));
    }
}
