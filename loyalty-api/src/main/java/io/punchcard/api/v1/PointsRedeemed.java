package io.punchcard.api.v1;

import java.util.UUID;

/**
 * Points spent as a tender. A retry with the same redemption id gets this same answer (with 200 instead of 201).
 *
 * @param redemptionId the core's id of the redemption
 * @param points       points spent
 * @param available    what the member had left to spend right after it
 */
public record PointsRedeemed(UUID redemptionId, long points, long available) {
}
