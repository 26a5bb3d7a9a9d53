package io.punchcard.loyalty.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AccessTest {

    @Test
    void theSchedulersKeyMayWriteCampaignRulesAndNothingElseOfTheProgram() {
        assertTrue(Access.allows(Scope.CONNECTOR, "PUT", "/api/v1/program/earning/rules/campaign.double-weekend"));
        assertTrue(Access.allows(Scope.CONNECTOR, "DELETE", "/api/v1/program/earning/rules/campaign.double-weekend"));
        assertFalse(Access.allows(Scope.CONNECTOR, "PUT", "/api/v1/program/earning/rules/happy-hour"));
        assertFalse(Access.allows(Scope.CONNECTOR, "PUT", "/api/v1/program/earning/rules/campaignX"));
        assertFalse(Access.allows(Scope.CONNECTOR, "PUT", "/api/v1/program"));
        assertFalse(Access.allows(Scope.CONNECTOR, "PUT", "/api/v1/program/earning"));
        assertFalse(Access.allows(Scope.STORE, "PUT", "/api/v1/program/earning/rules/campaign.double-weekend"));
        assertFalse(Access.allows(Scope.KIOSK, "DELETE", "/api/v1/program/earning/rules/campaign.double-weekend"));
    }

    @Test
    void batchGrantsAreTheSchedulersAndAdminsOnly() {
        assertTrue(Access.allows(Scope.CONNECTOR, "POST", "/api/v1/adjustments/batch"));
        assertFalse(Access.allows(Scope.STORE, "POST", "/api/v1/vouchers/batch"));
        assertFalse(Access.allows(Scope.KIOSK, "POST", "/api/v1/adjustments/batch"));
    }

    private static final UUID ANA = UUID.fromString("6f1c0a52-0000-4000-8000-000000000001");
    private static final UUID BEA = UUID.fromString("6f1c0a52-0000-4000-8000-000000000002");
    private static final Access.Presented NONE = new Access.Absent();
    private static final Access.Presented ANAS = new Access.Live(ANA);

    private static Access.Decision kiosk(String method, String path, Access.Presented session) {
        return kiosk(method, path, Map.of(), session);
    }

    private static Access.Decision kiosk(String method, String path, Map<String, String> query,
                                         Access.Presented session) {
        return Access.decide(Scope.KIOSK, method, path, name -> Optional.ofNullable(query.get(name)), session);
    }

    private static Access.Refusal refusal(Access.Decision decision) {
        return decision instanceof Access.Refused refused ? refused.refusal() : null;
    }

    @Test
    void aKioskKeyAloneLearnsTheProgramEnrolsAndOpensASessionAndNothingElse() {
        assertEquals(new Access.Allowed(null), kiosk("GET", "/api/v1/program", NONE));
        assertEquals(new Access.Allowed(null), kiosk("GET", "/api/v1/access", NONE));
        assertEquals(new Access.Allowed(null), kiosk("POST", "/api/v1/members", NONE));
        assertEquals(new Access.Allowed(null), kiosk("POST", "/api/v1/kiosk/sessions", NONE));
        assertEquals(new Access.Allowed(null), kiosk("DELETE", "/api/v1/kiosk/sessions/current", NONE));

        for (String[] route : new String[][] {{"GET", "/api/v1/members/" + BEA}, {"GET", "/api/v1/members/" + BEA + "/summary"},
                {"GET", "/api/v1/members/" + BEA + "/vouchers"}, {"POST", "/api/v1/members/" + BEA + "/rewards"},
                {"GET", "/api/v1/purchases"}, {"GET", "/api/v1/vouchers/ABCD-EFGH"},
                {"POST", "/api/v1/vouchers/ABCD-EFGH/validate"}}) {
            assertEquals(Access.Refusal.SESSION_REQUIRED, refusal(kiosk(route[0], route[1], NONE)), route[1]);
        }
    }

    @Test
    void aKioskSessionActsForItsOwnMemberOnly() {
        assertEquals(new Access.Allowed(ANA), kiosk("GET", "/api/v1/members/" + ANA, ANAS));
        assertEquals(new Access.Allowed(ANA), kiosk("GET", "/api/v1/members/" + ANA + "/summary/", ANAS));
        assertEquals(new Access.Allowed(ANA), kiosk("GET", "/api/v1/members/" + ANA + "/vouchers", ANAS));
        assertEquals(new Access.Allowed(ANA), kiosk("POST", "/api/v1/members/" + ANA + "/rewards", ANAS));
        assertEquals(new Access.Allowed(ANA), kiosk("GET", "/api/v1/purchases", Map.of("memberId", ANA.toString()), ANAS));
        assertEquals(new Access.Allowed(ANA), kiosk("GET", "/api/v1/vouchers/ABCD-EFGH", ANAS));

        assertEquals(Access.Refusal.SESSION_MEMBER, refusal(kiosk("GET", "/api/v1/members/" + BEA, ANAS)));
        assertEquals(Access.Refusal.SESSION_MEMBER, refusal(kiosk("GET", "/api/v1/members/" + BEA + "/summary", ANAS)));
        assertEquals(Access.Refusal.SESSION_MEMBER, refusal(kiosk("POST", "/api/v1/members/" + BEA + "/rewards", ANAS)));
        assertEquals(Access.Refusal.SESSION_MEMBER, refusal(kiosk("GET", "/api/v1/members/not-a-uuid", ANAS)));
        assertEquals(Access.Refusal.SESSION_MEMBER, refusal(kiosk("GET", "/api/v1/purchases", ANAS)),
                "no listing without the member");
        assertEquals(Access.Refusal.SESSION_MEMBER, refusal(kiosk("GET", "/api/v1/purchases",
                Map.of("memberId", BEA.toString()), ANAS)));
    }

    @Test
    void aSessionDoesNotOpenWhatAKioskMayNeverDo() {
        for (String[] route : new String[][] {{"GET", "/api/v1/members"}, {"GET", "/api/v1/members/summary"},
                {"GET", "/api/v1/members/" + ANA + "/ledger"},
                {"GET", "/api/v1/members/" + ANA + "/export"}, {"PATCH", "/api/v1/members/" + ANA},
                {"POST", "/api/v1/members/" + ANA + "/redemptions"}, {"POST", "/api/v1/members/" + ANA + "/adjustments"},
                {"POST", "/api/v1/purchases"}, {"POST", "/api/v1/vouchers/ABCD-EFGH/holds"},
                {"GET", "/api/v1/events"}, {"POST", "/api/v1/members/cards"}, {"GET", "/api/v1/members/" + ANA + "/timeline"}}) {
            assertEquals(Access.Refusal.FORBIDDEN, refusal(kiosk(route[0], route[1], ANAS)), route[0] + " " + route[1]);
        }
    }

    @Test
    void anEndedOrForeignSessionIsNone() {
        assertEquals(Access.Refusal.SESSION_REQUIRED, refusal(kiosk("GET", "/api/v1/members/" + ANA, new Access.Unknown())));
        assertEquals(Access.Refusal.SESSION_EXPIRED, refusal(kiosk("GET", "/api/v1/members/" + ANA, new Access.Expired())));
    }

    @Test
    void otherKeysIgnoreKioskSessions() {
        assertEquals(new Access.Allowed(null), Access.decide(Scope.STORE, "GET", "/api/v1/members/" + BEA,
                name -> Optional.empty(), ANAS));
        assertEquals(Access.Refusal.FORBIDDEN, refusal(Access.decide(Scope.STORE, "POST", "/api/v1/kiosk/sessions",
                name -> Optional.empty(), NONE)));
        assertEquals(Access.Refusal.FORBIDDEN, refusal(Access.decide(Scope.CONNECTOR, "DELETE",
                "/api/v1/kiosk/sessions/current", name -> Optional.empty(), NONE)));
        assertEquals(new Access.Allowed(null), Access.decide(Scope.CONNECTOR, "POST", "/api/v1/kiosk/sessions",
                name -> Optional.empty(), NONE));
    }
}
