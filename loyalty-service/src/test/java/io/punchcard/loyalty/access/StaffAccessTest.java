package io.punchcard.loyalty.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class StaffAccessTest {

    private static final UUID ID = UUID.fromString("5af0c0de-0000-4000-8000-000000000001");
    private static final String MEMBER = "/api/v1/members/6f1c0a52-0000-4000-8000-000000000001";

    private static StaffAccess.Live live(StaffRole role, boolean mustChange) {
        return new StaffAccess.Live(ID, role, role == StaffRole.STORE_MANAGER ? List.of("S001") : List.of(), mustChange);
    }

    private static boolean allowed(StaffRole role, String method, String path) {
        return StaffAccess.decide(Scope.CONSOLE, method, path, live(role, false)) instanceof Access.Allowed;
    }

    private static Access.Refusal refusal(Access.Decision decision) {
        return assertInstanceOf(Access.Refused.class, decision).refusal();
    }

    @Test
    void aConsoleKeyAloneMayOnlyLogIn() {
        assertTrue(Access.allows(Scope.CONSOLE, "POST", "/api/v1/staff/sessions"));
        assertInstanceOf(Access.Allowed.class, StaffAccess.decide(Scope.CONSOLE, "POST", "/api/v1/staff/sessions",
                new StaffAccess.Absent()));
        for (String[] route : List.of(new String[] {"GET", MEMBER}, new String[] {"GET", "/api/v1/program"},
                new String[] {"GET", "/api/v1/staff/me"}, new String[] {"GET", "/api/v1/staff"})) {
            assertEquals(Access.Refusal.STAFF_SESSION_REQUIRED,
                    refusal(StaffAccess.decide(Scope.CONSOLE, route[0], route[1], new StaffAccess.Absent())));
        }
        assertEquals(Access.Refusal.STAFF_SESSION_EXPIRED,
                refusal(StaffAccess.decide(Scope.CONSOLE, "GET", MEMBER, new StaffAccess.Expired())));
        assertEquals(Access.Refusal.STAFF_SESSION_REQUIRED,
                refusal(StaffAccess.decide(Scope.CONSOLE, "GET", MEMBER, new StaffAccess.Unknown())));
    }

    @Test
    void otherKeysMayNotLogStaffIn() {
        assertFalse(Access.allows(Scope.STORE, "POST", "/api/v1/staff/sessions"));
        assertFalse(Access.allows(Scope.KIOSK, "POST", "/api/v1/staff/sessions"));
        assertFalse(Access.allows(Scope.CONNECTOR, "POST", "/api/v1/staff/sessions"));
        assertTrue(Access.allows(Scope.ADMIN, "POST", "/api/v1/staff/sessions"));
    }

    @Test
    void aCashierReadsMembersAndNothingElse() {
        assertTrue(allowed(StaffRole.CASHIER, "GET", "/api/v1/members"));
        assertTrue(allowed(StaffRole.CASHIER, "GET", MEMBER));
        assertTrue(allowed(StaffRole.CASHIER, "GET", MEMBER + "/summary"));
        assertTrue(allowed(StaffRole.CASHIER, "GET", MEMBER + "/vouchers"));
        assertFalse(allowed(StaffRole.CASHIER, "GET", MEMBER + "/export"));
        assertFalse(allowed(StaffRole.CASHIER, "GET", MEMBER + "/ledger"));
        assertFalse(allowed(StaffRole.CASHIER, "POST", MEMBER + "/adjustments"));
        assertFalse(allowed(StaffRole.CASHIER, "PATCH", MEMBER));
        assertFalse(allowed(StaffRole.CASHIER, "POST", "/api/v1/purchases"));
        assertFalse(allowed(StaffRole.CASHIER, "GET", "/api/v1/staff"));
        assertEquals(Access.Refusal.FORBIDDEN, refusal(StaffAccess.decide(Scope.CONSOLE, "GET", MEMBER + "/export",
                live(StaffRole.CASHIER, false))));
    }

    @Test
    void aStoreManagerMayWhatAStoreKeyMay() {
        assertTrue(allowed(StaffRole.STORE_MANAGER, "POST", MEMBER + "/adjustments"));
        assertTrue(allowed(StaffRole.STORE_MANAGER, "GET", "/api/v1/purchases"));
        assertTrue(allowed(StaffRole.STORE_MANAGER, "POST", "/api/v1/refunds"));
        assertFalse(allowed(StaffRole.STORE_MANAGER, "GET", MEMBER + "/export"));
        assertFalse(allowed(StaffRole.STORE_MANAGER, "GET", "/api/v1/events"));
        assertFalse(allowed(StaffRole.STORE_MANAGER, "PUT", "/api/v1/program"));
        assertFalse(allowed(StaffRole.STORE_MANAGER, "POST", "/api/v1/staff"));
        assertFalse(allowed(StaffRole.STORE_MANAGER, "GET", "/api/v1/staff/audit"));
    }

    @Test
    void anAdminMayEverything() {
        assertTrue(allowed(StaffRole.ADMIN, "GET", MEMBER + "/export"));
        assertTrue(allowed(StaffRole.ADMIN, "PUT", "/api/v1/program"));
        assertTrue(allowed(StaffRole.ADMIN, "POST", "/api/v1/staff"));
        assertTrue(allowed(StaffRole.ADMIN, "GET", "/api/v1/staff/audit"));
    }

    @Test
    void everyRoleMayAskWhoItIsButNotBeforeChangingAPasswordAnAdminSet() {
        for (StaffRole role : StaffRole.values()) {
            assertTrue(allowed(role, "GET", "/api/v1/access"), role.toString());
            assertEquals(Access.Refusal.PASSWORD_CHANGE_REQUIRED,
                    refusal(StaffAccess.decide(Scope.CONSOLE, "GET", "/api/v1/access", live(role, true))));
        }
        assertEquals(Access.Refusal.STAFF_SESSION_REQUIRED,
                refusal(StaffAccess.decide(Scope.CONSOLE, "GET", "/api/v1/access", new StaffAccess.Absent())));
    }

    @Test
    void anAccountThatMustChangeItsPasswordMayOnlyDoThat() {
        for (StaffRole role : StaffRole.values()) {
            StaffAccess.Live session = live(role, true);
            assertInstanceOf(Access.Allowed.class,
                    StaffAccess.decide(Scope.CONSOLE, "POST", "/api/v1/staff/me/password", session));
            assertInstanceOf(Access.Allowed.class, StaffAccess.decide(Scope.CONSOLE, "GET", "/api/v1/staff/me", session));
            assertInstanceOf(Access.Allowed.class,
                    StaffAccess.decide(Scope.CONSOLE, "DELETE", "/api/v1/staff/sessions/current", session));
            assertEquals(Access.Refusal.PASSWORD_CHANGE_REQUIRED,
                    refusal(StaffAccess.decide(Scope.CONSOLE, "GET", MEMBER, session)));
        }
    }

    @Test
    void anAdminKeyInAStaffSessionActsAsThatPerson() {
        assertTrue(StaffAccess.appliesTo(Scope.ADMIN, "GET", MEMBER, true));
        assertFalse(StaffAccess.appliesTo(Scope.ADMIN, "GET", MEMBER, false));
        assertTrue(StaffAccess.appliesTo(Scope.ADMIN, "GET", "/api/v1/staff/me", false));
        assertFalse(StaffAccess.appliesTo(Scope.STORE, "GET", MEMBER, true));
        assertFalse(StaffAccess.decide(Scope.ADMIN, "POST", MEMBER + "/adjustments", live(StaffRole.CASHIER, false))
                instanceof Access.Allowed);
    }
}
