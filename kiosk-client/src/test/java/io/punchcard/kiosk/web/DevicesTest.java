package io.punchcard.kiosk.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pairing a screen, and the form tokens of a paired screen. */
class DevicesTest {

    private final Devices devices = new Devices("a-pairing-secret-of-length");

    @Test
    void onlyTheSecretPairsAScreenAndOnlyItsCookieNamesIt() {
        assertTrue(devices.pair("wrong").isEmpty());
        assertTrue(devices.pair(null).isEmpty());
        String cookie = devices.pair("a-pairing-secret-of-length").orElseThrow();
        String device = devices.device(cookie).orElseThrow();
        assertEquals(cookie.substring(0, cookie.indexOf('.')), device);
        assertTrue(devices.device(cookie + "x").isEmpty(), "a changed MAC");
        assertTrue(devices.device("other" + cookie.substring(cookie.indexOf('.'))).isEmpty(), "another id");
        assertTrue(new Devices("another-secret-of-length").device(cookie).isEmpty(), "a new secret unpairs");
    }

    @Test
    void aFormTokenIsTheScreensAndTheSessionsOnly() {
        String token = devices.csrf("screen-1", "session-1");
        assertTrue(devices.csrfMatches("screen-1", "session-1", token));
        assertFalse(devices.csrfMatches("screen-2", "session-1", token));
        assertFalse(devices.csrfMatches("screen-1", "session-2", token));
        assertFalse(devices.csrfMatches("screen-1", null, token));
        assertFalse(devices.csrfMatches("screen-1", "session-1", null));
        assertNotEquals(devices.csrf("screen-1", null), token);
    }
}
