package io.punchcard.loyalty.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class StoreScopeTest {

    private static final UUID STAFF = UUID.fromString("5af0c0de-0000-4000-8000-000000000001");
    private static final UUID MEMBER = UUID.fromString("6f1c0a52-0000-4000-8000-000000000001");

    private static StoreScope scope(StaffRole role, List<String> stores) {
        return StoreScope.of(new StaffAccess.Live(STAFF, role, stores, false));
    }

    @Test
    void aStoreManagerSeesTheMembersOfAnyOfTheirStoresOnly() {
        StoreScope manager = scope(StaffRole.STORE_MANAGER, List.of("A", "C"));
        assertInstanceOf(Access.Allowed.class, manager.decide(MEMBER, Set.of("C"), "id"));
        assertInstanceOf(Access.Allowed.class, manager.decide(MEMBER, Set.of("B", "A"), "id"));
        Access.Refused refused = assertInstanceOf(Access.Refused.class, manager.decide(MEMBER, Set.of("B"), "memberId"));
        assertEquals(Access.Refusal.OTHER_STORES_MEMBER, refused.refusal());
        assertEquals(403, refused.refusal().status());
        assertEquals("other-stores-member", refused.refusal().type());
        assertEquals("memberId", refused.field());
        assertTrue(refused.detail().contains(MEMBER.toString()), refused.detail());
    }

    @Test
    void aMemberOfNoStoreIsNoManagersMember() {
        // An online sign-up who never bought in a shop: no manager's, only an admin's.
        assertInstanceOf(Access.Refused.class, scope(StaffRole.STORE_MANAGER, List.of("A")).decide(MEMBER, Set.of(), "id"));
        assertInstanceOf(Access.Allowed.class, scope(StaffRole.ADMIN, List.of()).decide(MEMBER, Set.of(), "id"));
    }

    @Test
    void aCashierIsLimitedOnlyWhenTheAccountHasStores() {
        assertFalse(scope(StaffRole.CASHIER, List.of()).limited());
        assertInstanceOf(Access.Allowed.class, scope(StaffRole.CASHIER, List.of()).decide(MEMBER, Set.of("B"), "id"));
        assertTrue(scope(StaffRole.CASHIER, List.of("A")).limited());
        assertInstanceOf(Access.Refused.class, scope(StaffRole.CASHIER, List.of("A")).decide(MEMBER, Set.of("B"), "card"));
    }

    @Test
    void anAdminIsNeverLimitedWhateverStoresTheRowHolds() {
        assertFalse(scope(StaffRole.ADMIN, List.of("A")).limited());
        assertTrue(StoreScope.EVERY_STORE.covers(Set.of()));
    }
}
