package io.punchcard.pos.api;

/**
 * Points taken as a tender for the open sale.
 *
 * @param redemptionId the id they were taken under (give it as the POINTS tender's reference)
 * @param points       points taken
 * @param valueMinor   what they pay
 * @param available    what the shopper has left to spend
 */
public record AppliedPoints(String redemptionId, long points, long valueMinor, long available) {
}
