package io.punchcard.loyalty.program;

/** Where a purchase was made; pending periods and rules differ by channel. */
public enum Channel {
    /** At a shop's till, through the POS connector or a POSLog import. */
    POS,
    /** In an online store, through the storefront connector. */
    ONLINE,
    /** At the self-service kiosk (enrolments and redemptions, not sales). */
    KIOSK
}
