package io.punchcard.campaign.message;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.punchcard.campaign.message.WebhookSignature.Verdict;
import io.punchcard.testsupport.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    private static final byte[] SECRET = "whsec-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEXT_SECRET = "whsec-fedcba9876543210".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    private static final byte[] BODY = "{\"reference\":\"msg-1\",\"status\":\"delivered\"}".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock(NOW);
    private final WebhookSignature checker = new WebhookSignature(List.of(SECRET), clock);

    @Test
    void aBodySignedNowWithOurSecretIsValid() {
        String header = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);

        assertTrue(header.matches("t=" + NOW.getEpochSecond() + ",v1=[0-9a-f]{64}"), header);
        assertEquals(Verdict.VALID, checker.verify(header, BODY));
    }

    @Test
    void theSignatureIsTheHmacOfTimestampDotBody() {
        // Computed independently: printf '1700000000.hello' | openssl dgst -sha256 -hmac 'whsec-0123456789abcdef'
        assertEquals("t=1700000000,v1=9d4f5a4c6cb6261f3b683815dc89a0c76b8a959e57bc4b4b14aa735a0120f0b9",
                WebhookSignature.sign(SECRET, 1_700_000_000L, "hello".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTamperedBodyHasABadSignature() {
        String header = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("delivered", "failed")
                .getBytes(StandardCharsets.UTF_8);

        assertEquals(Verdict.BAD_SIGNATURE, checker.verify(header, tampered));
    }

    @Test
    void aBodySignedWithAnotherSecretHasABadSignature() {
        assertEquals(Verdict.BAD_SIGNATURE, checker.verify(WebhookSignature.sign(NEXT_SECRET, NOW.getEpochSecond(), BODY), BODY));
    }

    @Test
    void aTimestampMovedForwardBreaksTheSignature() {
        String header = WebhookSignature.sign(SECRET, NOW.getEpochSecond() - 3_600, BODY);
        String replayed = header.replace("t=" + (NOW.getEpochSecond() - 3_600), "t=" + NOW.getEpochSecond());

        assertEquals(Verdict.BAD_SIGNATURE, checker.verify(replayed, BODY));
    }

    @Test
    void aGenuineSignatureOlderOrNewerThanTheToleranceIsStale() {
        String header = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);

        clock.set(NOW.plus(Duration.ofMinutes(5)));
        assertEquals(Verdict.VALID, checker.verify(header, BODY), "at the edge of the tolerance");
        clock.set(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertEquals(Verdict.STALE, checker.verify(header, BODY), "a replay one second too late");
        clock.set(NOW.minus(Duration.ofMinutes(6)));
        assertEquals(Verdict.STALE, checker.verify(header, BODY), "a sender's clock far ahead of ours");
    }

    @Test
    void theToleranceCanBeChosen() {
        WebhookSignature strict = new WebhookSignature(List.of(SECRET), clock, Duration.ofSeconds(30));
        String header = WebhookSignature.sign(SECRET, NOW.getEpochSecond() - 31, BODY);

        assertEquals(Verdict.STALE, strict.verify(header, BODY));
        assertEquals(Verdict.VALID, checker.verify(header, BODY));
    }

    @Test
    void duringARotationEitherSecretIsAcceptedAndASenderMaySignWithBoth() {
        WebhookSignature rotating = new WebhookSignature(List.of(NEXT_SECRET, SECRET), clock);
        long t = NOW.getEpochSecond();
        String old = WebhookSignature.sign(SECRET, t, BODY);
        String next = WebhookSignature.sign(NEXT_SECRET, t, BODY);
        String both = old + "," + next.substring(next.indexOf("v1="));

        assertEquals(Verdict.VALID, rotating.verify(old, BODY));
        assertEquals(Verdict.VALID, rotating.verify(next, BODY));
        assertEquals(Verdict.VALID, checker.verify(both, BODY), "a checker holding only the old secret");
        assertEquals(Verdict.VALID, new WebhookSignature(List.of(NEXT_SECRET), clock).verify(both, BODY));
        byte[] retired = "whsec-retired-0000000000".getBytes(StandardCharsets.UTF_8);
        assertEquals(Verdict.BAD_SIGNATURE, rotating.verify(WebhookSignature.sign(retired, t, BODY), BODY));
    }

    @Test
    void noHeaderIsMissing() {
        assertEquals(Verdict.MISSING, checker.verify(null, BODY));
        assertEquals(Verdict.MISSING, checker.verify("", BODY));
        assertEquals(Verdict.MISSING, checker.verify("  ", BODY));
    }

    @Test
    void garbageIsMalformed() {
        String v1 = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY).split(",")[1];
        long t = NOW.getEpochSecond();
        for (String header : List.of("garbage", "t=", "t=abc," + v1, v1, "t=" + t, "t=" + t + ",v1=xyz",
                "t=" + t + ",v1=" + "a".repeat(63), "t=" + t + "," + v1 + ",v0=abc", "t=" + t + ",t=" + t + "," + v1,
                "t=-5," + v1, "t=" + t + ",," + v1, "t=9999999999999," + v1, "sha256=" + "a".repeat(64),
                "t=" + t + ("," + v1).repeat(5))) {
            assertEquals(Verdict.MALFORMED, checker.verify(header, BODY), header);
        }
        assertEquals(Verdict.MALFORMED, checker.verify("t=" + t + "," + v1 + " ".repeat(WebhookSignature.MAX_HEADER_CHARS), BODY));
    }

    @Test
    void blanksAroundElementsAndUpperCaseHexAreTolerated() {
        String header = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY);
        String spaced = header.replace(",", ", ").toUpperCase(Locale.ROOT).replace("T=", "t=").replace("V1=", "v1=");

        assertEquals(Verdict.VALID, checker.verify(spaced, BODY));
    }

    @Test
    void weakOrTooManySecretsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(List.of(), clock));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(List.of("short".getBytes(StandardCharsets.UTF_8)), clock));
        assertThrows(IllegalArgumentException.class,
                () -> new WebhookSignature(List.of(SECRET, SECRET, SECRET, SECRET, SECRET), clock));
        assertThrows(IllegalArgumentException.class, () -> new WebhookSignature(List.of(SECRET), clock, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignature.sign(new byte[3], 1, BODY));
    }

    @Test
    void theCheckerKeepsItsOwnCopyOfTheSecret() {
        byte[] secret = SECRET.clone();
        WebhookSignature own = new WebhookSignature(List.of(secret), clock);
        secret[0] ^= 1;

        assertEquals(Verdict.VALID, own.verify(WebhookSignature.sign(SECRET, NOW.getEpochSecond(), BODY), BODY));
    }
}
