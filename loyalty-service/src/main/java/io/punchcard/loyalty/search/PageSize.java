package io.punchcard.loyalty.search;

/** How many rows a listing page may hold: enough to check an import quickly, few enough to answer fast. */
public final class PageSize {

    public static final int DEFAULT = 50;
    public static final int MAX = 500;

    private PageSize() {
    }
}
