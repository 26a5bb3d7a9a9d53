package io.punchcard.api.v1;

import java.time.Duration;

/**
 * The bounds the core holds a purchase to, in one place for the core and its connectors: a connector refuses at its
 * door, while the cashier or the shop is still there, what the core would refuse later where nobody sees it.
 */
public final class PurchaseLimits {

    /** Lines in one purchase. */
    public static final int MAX_LINES = 500;
    /** Characters in a name, SKU, category, id or reason. */
    public static final int MAX_TEXT = 128;
    /** Vouchers or tenders named on one sale. */
    public static final int MAX_LIST = 20;
    /** A single money amount, in minor units: 10 million in major units. */
    public static final long MAX_AMOUNT_MINOR = 1_000_000_000L;
    /** A live purchase older than this is refused (history mode records any age, without points). */
    public static final Duration MAX_AGE = Duration.ofDays(365);
    /**
     * How much earlier a connector stops taking old sales than the core: a sale it queues may wait for the core
     * through an outage, and must still be young enough when it arrives.
     */
    public static final Duration CONNECTOR_MARGIN = Duration.ofDays(1);

    private PurchaseLimits() {
    }

    /** The oldest a sale may be when a connector takes it: {@link #MAX_AGE} less {@link #CONNECTOR_MARGIN}. */
    public static Duration connectorMaxAge() {
        return MAX_AGE.minus(CONNECTOR_MARGIN);
    }
}
