package io.punchcard.loyalty.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
