package io.punchcard.campaign.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which answers of the core set a consent change aside for good, and which only mean "later". */
class CoreConsentsTest {

    @Test
    void aChangeTheCoreFindsWrongIsRefusedForGood() {
        for (int status : new int[] {400, 409, 422}) {
            assertTrue(CoreConsents.refusedForGood(status), Integer.toString(status));
        }
    }

    @Test
    void aCoreAwayBusyOrAWrongKeyOfOursOnlyMeansLater() {
        for (int status : new int[] {0, 401, 403, 408, 429, 500, 502, 503}) {
            assertFalse(CoreConsents.refusedForGood(status), Integer.toString(status));
        }
    }
}
