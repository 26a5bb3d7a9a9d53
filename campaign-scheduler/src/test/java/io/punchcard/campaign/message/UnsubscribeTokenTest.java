package io.punchcard.campaign.message;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.campaign.message.UnsubscribeToken.Claims;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsubscribeTokenTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final UUID MEMBER = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    /**
     * Message 42 to MEMBER by e-mail under SECRET, computed outside this class from the format in its comment:
     * HMAC-SHA256 over "u1." and the 25 claim bytes (42 as 8 bytes, the UUID's 16, 'E'), appended, base64url.
     */
    private static final String PINNED = "u1.AAAAAAAAACo_JQTgT4lB05oMAwXoLDMBRRIFfiXpAK_R6Ob5V7diO2HaB3R0x8c7Vi4X4ThT-OfM";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void aSignedTokenIsUrlSafeVersionedAndVerifiesToItsClaims() {
        String token = UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.EMAIL);
        // "u1." + 57 bytes (25 of claims, 32 of MAC) in base64url without padding: 76 characters.
        assertTrue(token.matches("u1\\.[A-Za-z0-9_-]{76}"), token);
        assertEquals(Optional.of(new Claims(42, MEMBER, Channel.EMAIL)), UnsubscribeToken.verify(SECRET, token));
        assertEquals(Optional.of(new Claims(Long.MAX_VALUE, MEMBER, Channel.SMS)),
                UnsubscribeToken.verify(SECRET, UnsubscribeToken.sign(SECRET, Long.MAX_VALUE, MEMBER, Channel.SMS)));
    }

    @Test
    void aLinkAlreadyInAnInboxKeepsVerifying() {
        // A change to the format would break every link sent before it.
        String sent = UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.EMAIL);
        assertEquals(PINNED, sent);
        assertEquals(Optional.of(new Claims(42, MEMBER, Channel.EMAIL)), UnsubscribeToken.verify(SECRET, PINNED));
    }

    @Test
    void eachMessageMemberAndChannelHasItsOwnToken() {
        String token = UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.EMAIL);
        assertNotEquals(token, UnsubscribeToken.sign(SECRET, 43, MEMBER, Channel.EMAIL));
        assertNotEquals(token, UnsubscribeToken.sign(SECRET, 42, UUID.randomUUID(), Channel.EMAIL));
        assertNotEquals(token, UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.SMS));
    }

    @Test
    void anotherSecretsTokenIsRefused() {
        assertEquals(Optional.empty(), UnsubscribeToken.verify(OTHER_SECRET, UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.EMAIL)));
    }

    @Test
    void everyChangedCharacterIsRefused() {
        String token = UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.EMAIL);
        for (int i = 0; i < token.length(); i++) {
            char original = token.charAt(i);
            char other = ALPHABET.charAt((ALPHABET.indexOf(original) + 1) % ALPHABET.length());
            String tampered = token.substring(0, i) + other + token.substring(i + 1);
            assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, tampered), tampered);
        }
    }

    @Test
    void truncatedPaddedOrExtendedTokensAreRefused() {
        String token = UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.EMAIL);
        for (int length = 0; length < token.length(); length++) {
            assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, token.substring(0, length)));
        }
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, token + "="));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, token + "A"));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, token + "&utm_source=mail"));
    }

    @Test
    void garbageAndHugeTokensAreRefusedWithoutAnException() {
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, null));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, ""));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u1."));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u1." + "!".repeat(76)));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u1." + "A".repeat(76)));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u1." + "é".repeat(76)));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u1." + "A".repeat(198)));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u1." + "A".repeat(100_000)));
        String token = UnsubscribeToken.sign(SECRET, 42, MEMBER, Channel.EMAIL);
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u2." + token.substring(3)));
        assertEquals(Optional.empty(), UnsubscribeToken.verify(SECRET, "u1," + token.substring(3)));
    }

    @Test
    void aShortSecretOrIncompleteClaimsAreAProgrammingErrorNotAToken() {
        byte[] short31 = new byte[31];
        assertThrows(IllegalArgumentException.class, () -> UnsubscribeToken.sign(short31, 42, MEMBER, Channel.EMAIL));
        assertThrows(IllegalArgumentException.class, () -> UnsubscribeToken.verify(short31, "u1.x"));
        assertThrows(IllegalArgumentException.class, () -> UnsubscribeToken.sign(SECRET, 0, MEMBER, Channel.EMAIL));
        assertThrows(IllegalArgumentException.class, () -> UnsubscribeToken.sign(SECRET, 42, null, Channel.EMAIL));
    }
}
