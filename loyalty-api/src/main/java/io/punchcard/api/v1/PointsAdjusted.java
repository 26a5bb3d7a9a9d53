package io.punchcard.api.v1;

/**
 * A manual adjustment made. A retry with the same adjustment id gets this same answer (with 200 instead of 201).
 *
 * @param points    the change
 * @param available what the member could spend right after it
 */
public record PointsAdjusted(long points, long available) {
}
