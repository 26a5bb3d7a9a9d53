package io.punchcard.console.staff;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One-time passwords are readable aloud, pass the core's policy, and never repeat. */
class OneTimePasswordsTest {

    @Test
    void theyAreFourGroupsWithoutLookAlikesAndLongEnoughForTheCore() {
        String password = OneTimePasswords.generate("ana@example.com", new Random(1));
        assertTrue(password.matches("[a-hjkmnp-z2-9]{5}(-[a-hjkmnp-z2-9]{5}){3}"), password);
        assertTrue(password.length() >= 12 && password.length() <= 128);
    }

    @Test
    void theyNeverHoldTheEmailsName() {
        // "abc" is three letters of the alphabet: some draws hold it, and each is drawn again.
        for (int seed = 0; seed < 2000; seed++) {
            assertFalse(OneTimePasswords.generate("abc@example.com", new Random(seed)).contains("abc"));
        }
    }

    @Test
    void theyDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(OneTimePasswords.generate("x@example.com", new java.security.SecureRandom()));
        }
        assertEquals(1000, seen.size());
    }
}
