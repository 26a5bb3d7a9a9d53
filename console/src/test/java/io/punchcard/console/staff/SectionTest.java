package io.punchcard.console.staff;

import java.util.List;

import org.junit.jupiter.api.Test;

import static io.punchcard.console.staff.Section.AUDIT;
import static io.punchcard.console.staff.Section.CAMPAIGNS;
import static io.punchcard.console.staff.Section.DASHBOARD;
import static io.punchcard.console.staff.Section.EXPORTS;
import static io.punchcard.console.staff.Section.MEMBERS;
import static io.punchcard.console.staff.Section.PROGRAM;
import static io.punchcard.console.staff.Section.STAFF;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each role's navigation, in order, and where each lands after logging in. */
class SectionTest {

    @Test
    void eachRoleSeesItsSectionsInOrder() {
        assertEquals(List.of(DASHBOARD, MEMBERS, CAMPAIGNS, PROGRAM, STAFF, AUDIT, EXPORTS), Section.of(Role.ADMIN));
        assertEquals(List.of(DASHBOARD, MEMBERS, CAMPAIGNS, PROGRAM, EXPORTS), Section.of(Role.STORE_MANAGER));
        assertEquals(List.of(MEMBERS), Section.of(Role.CASHIER));
    }

    @Test
    void aCashierLandsOnMembersTheOthersOnTheDashboard() {
        assertEquals(DASHBOARD, Section.home(Role.ADMIN));
        assertEquals(DASHBOARD, Section.home(Role.STORE_MANAGER));
        assertEquals(MEMBERS, Section.home(Role.CASHIER));
    }
}
