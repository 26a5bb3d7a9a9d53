package io.punchcard.campaign.results;

/**
 * The share of a campaign's audience held out of it, in basis points (1/100 of a percent), so that 2.5% can be
 * said. More than half would make the campaign itself the control group, which nobody means.
 *
 * @param basisPoints 0 (nobody held out) to {@value #MAX_BASIS_POINTS} (half)
 */
public record HoldoutShare(int basisPoints) {

    /** Half the audience: the largest share that still treats the majority. */
    public static final int MAX_BASIS_POINTS = 5_000;
    /** The default: one member in ten is held out. */
    public static final HoldoutShare DEFAULT = ofPercent(10);

    public HoldoutShare {
        if (basisPoints < 0 || basisPoints > MAX_BASIS_POINTS) {
            throw new IllegalArgumentException("A holdout share must be 0 to " + MAX_BASIS_POINTS
                    + " basis points (0% to 50%), was " + basisPoints);
        }
    }

    /** A whole-percent share: 0 to 50. */
    public static HoldoutShare ofPercent(int percent) {
        if (percent < 0 || percent > MAX_BASIS_POINTS / 100) {
            throw new IllegalArgumentException("A holdout share must be 0% to 50%, was " + percent + "%");
        }
        return new HoldoutShare(percent * 100);
    }
}
