package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;

import io.punchcard.campaign.message.TokenBucket.Take;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenBucketTest {

    private static final Instant T = Instant.parse("2027-06-15T10:00:00Z");

    @Test
    void aFullBucketGrantsOneSecondOfTheRateAndSaysWhenTheNextTokenDrips() {
        TokenBucket full = TokenBucket.full(10, T);
        assertEquals(new TokenBucket(10, T), full);
        // 14 asked, 10 there; the next token takes 1/10 s.
        assertEquals(new Take(10, new TokenBucket(0, T), Duration.ofMillis(100)), TokenBucket.take(full, 10, 14, T));
    }

    @Test
    void tokensDripInAtTheRateAndOnlyWholeOnesAreGranted() {
        // 250 ms at 10/s = 2.5 tokens: 2 granted, 0.5 left, the next whole one in 50 ms.
        assertEquals(new Take(2, new TokenBucket(0.5, T.plusMillis(250)), Duration.ofMillis(50)),
                TokenBucket.take(new TokenBucket(0, T), 10, 5, T.plusMillis(250)));
        // 3 there plus 500 ms at 10/s = 8 of 20 asked.
        assertEquals(8, TokenBucket.take(new TokenBucket(3, T), 10, 20, T.plusMillis(500)).granted());
    }

    @Test
    void aLongPauseFillsTheBucketToOneSecondAndNoMore() {
        assertEquals(new Take(10, new TokenBucket(0, T.plusSeconds(3600)), Duration.ofMillis(100)),
                TokenBucket.take(new TokenBucket(0, T), 10, 100, T.plusSeconds(3600)));
        // Centuries since the last refresh: no overflow, still one second.
        assertEquals(10, TokenBucket.take(new TokenBucket(0, Instant.EPOCH.minusSeconds(400L * 365 * 86400)), 10, 100, T).granted());
        // A rate lowered since the row was written: the surplus is gone, not spent.
        assertEquals(10, TokenBucket.take(new TokenBucket(100, T), 10, 50, T).granted());
    }

    @Test
    void whatIsLeftAfterAGrantMayGoAtOnce() {
        assertEquals(new Take(3, new TokenBucket(7, T), Duration.ZERO), TokenBucket.take(new TokenBucket(10, T), 10, 3, T));
        assertEquals(new Take(0, new TokenBucket(10, T), Duration.ZERO), TokenBucket.take(new TokenBucket(10, T), 10, 0, T));
    }

    @Test
    void aRateOfOnePerSecondHoldsOneToken() {
        assertEquals(new Take(1, new TokenBucket(0, T), Duration.ofSeconds(1)),
                TokenBucket.take(TokenBucket.full(1, T), 1, 3, T));
    }

    @Test
    void aClockThatWentBackwardsCreatesNoTokensAndKeepsTheLaterRefresh() {
        // Another instance wrote the row at T; this one's clock says T - 5 s.
        Take behind = TokenBucket.take(new TokenBucket(0, T), 10, 1, T.minusSeconds(5));
        // Nothing granted; the token drips 100 ms after T, which is 5.1 s from this clock's now.
        assertEquals(new Take(0, new TokenBucket(0, T), Duration.ofMillis(5100)), behind);
        // Tokens there are still there, but no more.
        assertEquals(new Take(2, new TokenBucket(0, T), Duration.ofMillis(1100)),
                TokenBucket.take(new TokenBucket(2, T), 10, 5, T.minusSeconds(1)));
        // Back at T + 100 ms: exactly the one token of those 100 ms, not 5.1 s worth.
        assertEquals(1, TokenBucket.take(behind.next(), 10, 10, T.plusMillis(100)).granted());
    }

    @Test
    void zeroMeansUnlimited() {
        Take all = TokenBucket.take(new TokenBucket(0, T), 0, 5000, T);
        assertEquals(new Take(5000, new TokenBucket(0, T), Duration.ZERO), all);
    }

    @Test
    void overTenSecondsTheClusterSendsTheBurstPlusTheRateAndNoMore() {
        // Full at T (10), then a dispatcher asking for 3 every 7 ms for 10 s: 10 + 10/s x 9.996 s = 109.96 -> 109.
        TokenBucket state = TokenBucket.full(10, T);
        long granted = 0;
        for (int ms = 0; ms < 10_000; ms += 7) {
            Take take = TokenBucket.take(state, 10, 3, T.plusMillis(ms));
            granted += take.granted();
            state = take.next();
        }
        assertEquals(109, granted);
    }

    @Test
    void limitsAreRefused() {
        TokenBucket bucket = new TokenBucket(0, T);
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.take(bucket, -1, 1, T));
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.take(bucket, 100_001, 1, T));
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.take(bucket, 10, -1, T));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(-0.5, T));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(Double.NaN, T));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1, null));
    }
}
