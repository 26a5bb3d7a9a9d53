package io.punchcard.platform.http.page;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MACs behind our pages' CSRF tokens and the kiosk's device cookies. */
class SignerTest {

    private final Signer forms = new Signer("a-secret-of-some-length", "punchcard console forms");

    @Test
    void aTokenVerifiesForWhatItSignedOnly() {
        String token = forms.sign("csrf|session-a");
        assertEquals(43, token.length());
        assertTrue(forms.verifies("csrf|session-a", token));
        assertFalse(forms.verifies("csrf|session-b", token), "another session's form");
        assertFalse(forms.verifies("csrf|session-a", token.substring(1) + "A"), "a token tampered with");
        assertFalse(forms.verifies("csrf|session-a", null), "no token");
    }

    @Test
    void anotherSecretOrPurposeSignsDifferently() {
        assertNotEquals(forms.sign("x"), new Signer("another-secret-of-length", "punchcard console forms").sign("x"));
        assertNotEquals(forms.sign("x"), new Signer("a-secret-of-some-length", "punchcard kiosk devices").sign("x"));
    }
}
