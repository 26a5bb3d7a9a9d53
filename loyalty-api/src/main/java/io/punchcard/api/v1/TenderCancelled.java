package io.punchcard.api.v1;

import java.util.UUID;

/**
 * A points tender given back, its sale having been voided. Asking again gets this same answer.
 *
 * @param redemptionId the core's id of the redemption
 * @param points       points given back
 * @param available    what the member can spend right after
 */
public record TenderCancelled(UUID redemptionId, long points, long available) {
}
