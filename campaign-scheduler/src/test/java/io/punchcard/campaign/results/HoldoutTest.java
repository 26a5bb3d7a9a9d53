package io.punchcard.campaign.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.UUID;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Who is held out of a campaign: the same members every time, in the configured share, independently per campaign. */
class HoldoutTest {

    private static final int MEMBERS = 100_000;

    @Test
    void theBucketIsTheDocumentedFunctionSoAnotherImplementationCanMatchIt() {
        // Computed outside Java (python3: int.from_bytes(sha256((c + ":" + m).encode()).digest()[:4], "big") % 10000),
        // so a change of the function, the separator, the case of the UUID or the encoding fails here.
        assertEquals(1426, Holdout.bucket("spring-sale", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        assertEquals(433, Holdout.bucket("café-été", UUID.fromString("00000000-0000-0000-0000-000000000001")));
    }

    @Test
    void theSameCampaignAndMemberAlwaysGiveTheSameBucket() {
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            UUID member = member(random);
            int bucket = Holdout.bucket("win-back", member);
            assertTrue(bucket >= 0 && bucket < Holdout.BUCKETS, "bucket " + bucket);
            assertEquals(bucket, Holdout.bucket("win-back", UUID.fromString(member.toString().toUpperCase())));
            assertEquals(bucket < 1_000, Holdout.heldOut("win-back", member, 10));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 250, 1_000, 2_000, 5_000})
    void theShareOfMembersHeldOutIsTheConfiguredShare(int basisPoints) {
        HoldoutShare share = new HoldoutShare(basisPoints);
        Random random = new Random(basisPoints);
        int heldOut = 0;
        for (int i = 0; i < MEMBERS; i++) {
            heldOut += Holdout.heldOut("spring-sale", member(random), share) ? 1 : 0;
        }
        double expected = basisPoints / 10_000.0;
        // Four standard errors of a binomial share: a fair hash fails this about once in 16,000 runs, a biased one always.
        double tolerance = 4 * Math.sqrt(expected * (1 - expected) / MEMBERS);
        assertEquals(expected, (double) heldOut / MEMBERS, tolerance, "held out at " + basisPoints + " basis points");
    }

    @Test
    void twoCampaignsHoldOutIndependentMembers() {
        Random random = new Random(11);
        double[] bucketsA = new double[MEMBERS];
        double[] bucketsB = new double[MEMBERS];
        int heldOutOfBoth = 0;
        for (int i = 0; i < MEMBERS; i++) {
            UUID member = member(random);
            bucketsA[i] = Holdout.bucket("birthday-2026", member);
            bucketsB[i] = Holdout.bucket("birthday-2027", member);
            heldOutOfBoth += bucketsA[i] < 1_000 && bucketsB[i] < 1_000 ? 1 : 0;
        }
        // The correlation of independent buckets has a standard error of 1/sqrt(n) = 0.003.
        assertEquals(0, new PearsonsCorrelation().correlation(bucketsA, bucketsB), 0.0126,
                "correlation of the two campaigns' buckets");
        // Independent 10% holdouts overlap in 1% of members (1,000 of 100,000, standard error about 31).
        assertEquals(1_000, heldOutOfBoth, 126, "members held out of both campaigns");
    }

    @Test
    void aShareIsZeroToHalf() {
        assertEquals(1_000, HoldoutShare.DEFAULT.basisPoints());
        assertEquals(5_000, HoldoutShare.ofPercent(50).basisPoints());
        assertThrows(IllegalArgumentException.class, () -> HoldoutShare.ofPercent(51));
        assertThrows(IllegalArgumentException.class, () -> HoldoutShare.ofPercent(-1));
        assertThrows(IllegalArgumentException.class, () -> new HoldoutShare(5_001));
        assertThrows(IllegalArgumentException.class, () -> Holdout.heldOut("spring-sale", UUID.randomUUID(), 60));
        UUID anyone = UUID.randomUUID();
        assertEquals(false, Holdout.heldOut("spring-sale", anyone, 0), "a share of 0 holds nobody out");
    }

    private static UUID member(Random random) {
        return new UUID(random.nextLong(), random.nextLong());
    }
}
