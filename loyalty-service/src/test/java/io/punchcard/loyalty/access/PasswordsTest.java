package io.punchcard.loyalty.access;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {

    private final Passwords passwords = new Passwords();

    @Test
    void aHashIsArgon2idWithItsParametersAndChecksOnlyItsPassword() {
        String hash = passwords.hash("correct horse battery");
        long start = System.nanoTime();
        passwords.verify("correct horse battery", hash);
        System.out.println("one Argon2id check, warm: " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertTrue(hash.startsWith("$argon2id$v=19$m=65536,t=3,p=1$"), hash);
        assertNotEquals(hash, passwords.hash("correct horse battery"), "a fresh salt each time");
        assertTrue(passwords.verify("correct horse battery", hash));
        assertFalse(passwords.verify("correct horse batterY", hash));
        assertFalse(passwords.verify("correct horse battery", null), "the decoy opens nothing");
    }
}
