package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/kpis/rebuild}: the KPI rollups were recomputed from the core's tables.
 *
 * @param purchases  the purchases they count
 * @param tookMillis how long the rebuild took
 */
public record KpisRebuilt(long purchases, long tookMillis) {
}
