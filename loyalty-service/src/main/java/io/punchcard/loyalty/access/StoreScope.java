package io.punchcard.loyalty.access;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which members a member of staff may see and change: a store manager (and a cashier given stores) those of their
 * stores only, everyone else every member. A store's member is one who joined there, prefers it, or bought there at
 * least once (docs/api.md, "Store scoping"): the first two are who the store signed up or serves, the third who
 * shops there now, so a member who moved to another town is the new store's too once they buy there.
 *
 * @param stores the stores the session is limited to; empty for no limit
 */
public record StoreScope(List<String> stores) {

    /** No limit: an ADMIN, a key without a staff session, a cashier without stores. */
    public static final StoreScope EVERY_STORE = new StoreScope(List.of());

    public StoreScope {
        stores = List.copyOf(stores);
    }

    /**
     * The scope of a staff session: ADMIN unlimited; STORE_MANAGER their stores; CASHIER their stores when the account
     * has some (a cashier of a single shop), else unlimited (the chain's help desk, which looks anyone up).
     */
    public static StoreScope of(StaffAccess.Live live) {
        return switch (live.role()) {
            case ADMIN -> EVERY_STORE;
            case STORE_MANAGER, CASHIER -> new StoreScope(live.stores());
        };
    }

    /** Whether the scope limits anything. */
    public boolean limited() {
        return !stores.isEmpty();
    }

    /** Whether a member of {@code memberStores} (joined, preferred or bought at) is within the scope. */
    public boolean covers(Collection<String> memberStores) {
        return !limited() || memberStores.stream().anyMatch(stores::contains);
    }

    /**
     * Whether the session may see or change {@code member}, whose stores (as {@link #covers}) are {@code
     * memberStores}; {@code field} names where the request named the member.
     */
    public Access.Decision decide(UUID member, Set<String> memberStores, String field) {
        if (covers(memberStores)) {
            return new Access.Allowed(null);
        }
        return new Access.Refused(Access.Refusal.OTHER_STORES_MEMBER, "Member " + member + " is not a member of "
                + "your stores " + stores + ": they neither joined at, prefer nor bought at any of them.", field);
    }
}
