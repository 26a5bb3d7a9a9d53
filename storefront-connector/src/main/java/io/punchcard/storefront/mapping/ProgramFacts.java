package io.punchcard.storefront.mapping;

/**
 * What the connector knows of the program, read from the core and kept across restarts.
 *
 * @param currency    the program's currency; an order in another is refused
 * @param phoneRegion where phone numbers without a country code are read
 */
public record ProgramFacts(String currency, String phoneRegion) {

    /** Before the core was ever reached: nothing is checked here, the core checks it all. */
    public static final ProgramFacts UNKNOWN = new ProgramFacts(null, null);

    public boolean known() {
        return currency != null;
    }
}
