package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/members/{id}/rewards}: spend points on a reward of the catalog.
 *
 * @param reward       the reward's code
 * @param redemptionId the caller's id of this purchase; a retry with it is answered, not repeated
 */
public record BuyReward(String reward, String redemptionId) {
}
