package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/members/{id}/adjustments}: staff add or take points by hand.
 *
 * @param adjustmentId the caller's id of this adjustment; a retry with the same id is answered, not repeated
 * @param points       positive to add, negative to take
 * @param reason       why; required, kept in the ledger and the audit log
 * @param actor        who (a staff member's name or id)
 */
public record AdjustPoints(String adjustmentId, Long points, String reason, String actor) {
}
