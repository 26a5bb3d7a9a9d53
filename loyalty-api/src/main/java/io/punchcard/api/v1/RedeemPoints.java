package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/members/{id}/redemptions}: spend points as a tender.
 *
 * @param redemptionId the caller's id of this redemption; a retry with the same id is answered, not repeated
 * @param points       how many
 * @param reference    e.g. the sale it pays for
 */
public record RedeemPoints(String redemptionId, Long points, String reference) {
}
