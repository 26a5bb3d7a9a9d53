package io.punchcard.loyalty.points;

import java.math.BigInteger;

/** Splitting a whole amount in proportion to weights, so that the parts add up to the whole exactly. */
public final class Shares {

    private Shares() {
    }

    /**
     * {@code amount} split in proportion to {@code weights} by the largest-remainder method: each part is
     * rounded down, then the units left over go to the parts with the largest remainders (earliest first on ties).
     */
    public static long[] proportional(long amount, long[] weights) {
        long[] parts = new long[weights.length];
        BigInteger total = BigInteger.ZERO;
        for (long w : weights) {
            total = total.add(BigInteger.valueOf(w));
        }
        if (total.signum() == 0) {
            return parts;
        }
        BigInteger[] remainders = new BigInteger[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = BigInteger.valueOf(amount).multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(total);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += parts[i];
        }
        for (long left = amount - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (remainders[i].compareTo(remainders[best]) > 0) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = BigInteger.valueOf(-1);
        }
        return parts;
    }
}
