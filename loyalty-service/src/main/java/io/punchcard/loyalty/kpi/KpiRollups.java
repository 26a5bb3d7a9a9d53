package io.punchcard.loyalty.kpi;

import java.time.Duration;

/** The rollups KPIs are read from: kept current from the core's events, rebuilt from its tables on demand. */
public interface KpiRollups {

    /**
     * Takes in the events written since the last call, page by page, each page in one transaction with the position
     * it reached. When another instance is doing it, returns at once.
     *
     * @return how many events it took in
     */
    int follow();

    /**
     * Recomputes every rollup from the tables in one transaction and moves the position to match, so that what the
     * follower takes in next is exactly what the rebuild did not see.
     */
    Rebuilt rebuild();

    /** The rollups of {@code store} (null: every store) over {@code period}. */
    Rollups read(String store, Period period);

    /**
     * @param purchases the purchases counted
     * @param took      how long the rebuild's transaction took
     */
    record Rebuilt(long purchases, Duration took) {
    }
}
