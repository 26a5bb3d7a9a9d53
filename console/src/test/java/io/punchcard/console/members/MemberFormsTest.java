package io.punchcard.console.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.punchcard.console.staff.Role;

class MemberFormsTest {

    private static final String ID = UUID.randomUUID().toString();

    @Test
    void anAdjustmentNeedsAWholeNumberOtherThanZeroAndAReason() {
        MemberForms.Checked<MemberForms.Adjustment> ok = MemberForms.adjustment(ID, " -1,000 ", " Damaged goods ");
        assertTrue(ok.ok());
        assertEquals(new MemberForms.Adjustment(ID, -1000, "Damaged goods"), ok.value());

        MemberForms.Checked<MemberForms.Adjustment> empty = MemberForms.adjustment(ID, "", "");
        assertEquals(List.of("points", "reason"), List.copyOf(empty.errors().keySet()), "in the fields' order");
        assertEquals("Enter a whole number of points, like 50 or -20.",
                MemberForms.adjustment(ID, "2.5", "x").errors().get("points"));
        assertEquals("Enter a number other than 0.", MemberForms.adjustment(ID, "0", "x").errors().get("points"));
        assertTrue(MemberForms.adjustment(ID, "5", "x".repeat(129)).errors().containsKey("reason"));
        assertFalse(MemberForms.adjustment("not-an-id", "5", "x").ok(), "a form without its id is not sent");
    }

    @Test
    void aVoucherIsOneOfTheProgramsTemplates() {
        assertTrue(MemberForms.issue(ID, "FIVE-OFF", "Sorry for the wait", Set.of("FIVE-OFF")).ok());
        assertEquals("Choose one of the program's vouchers.",
                MemberForms.issue(ID, "MADE-UP", "x", Set.of("FIVE-OFF")).errors().get("template"));
        assertTrue(MemberForms.issue(ID, "FIVE-OFF", " ", Set.of("FIVE-OFF")).errors().containsKey("voucher-reason"));
    }

    @Test
    void anErasureIsConfirmedByTheCardNumberOrTheWord() {
        assertTrue(MemberForms.erasure("20010042", "20010042", "GDPR request 17").isEmpty());
        assertTrue(MemberForms.erasure("ERASE", "20010042", "GDPR request 17").isEmpty());
        assertTrue(MemberForms.erasure("ERASE", null, "GDPR request 17").isEmpty());
        assertTrue(MemberForms.erasure("erase", "20010042", "r").containsKey("confirm"), "the word as shown");
        assertTrue(MemberForms.erasure("", null, "r").containsKey("confirm"));
        assertTrue(MemberForms.erasure("", "", "r").get("confirm").startsWith("Type ERASE"),
                "an empty card is no confirmation");
    }

    @Test
    void aMergeNeedsTheSurvivorAndAReason() {
        assertEquals(List.of("survivor", "merge-reason"), List.copyOf(MemberForms.merge(Optional.empty(), "").keySet()));
        assertTrue(MemberForms.merge(Optional.of(UUID.randomUUID()), "same person").isEmpty());
    }

    @Test
    void aCashierIsShownNeitherHistoryNorActions() {
        assertEquals(new MemberRights(false, false, false, false, false, false), MemberRights.of(Role.CASHIER));
        assertFalse(MemberRights.of(Role.STORE_MANAGER).audit(), "the core shows its audit to admins");
        assertFalse(MemberRights.of(Role.STORE_MANAGER).erase(), "the core erases for admins only");
        assertTrue(MemberRights.of(Role.STORE_MANAGER).act());
        assertTrue(MemberRights.of(Role.ADMIN).export());
    }
}
