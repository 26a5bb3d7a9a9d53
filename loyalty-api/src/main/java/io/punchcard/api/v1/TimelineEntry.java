package io.punchcard.api.v1;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing that happened to a member, as {@code GET /api/v1/members/{id}/timeline} answers it, newest first.
 *
 * @param at     when
 * @param type   purchase, refund, points, voucher or tier
 * @param detail what, by type: a purchase's {@code purchaseId, channel, store, totalMinor, points, history}; a
 *               refund's {@code refundId, purchaseId, eligibleMinor, pointsReversed}; points' {@code kind, points,
 *               reason} (a merge's points are kind MERGE); a voucher's {@code code, template, status}; a tier change's
 *               {@code from, to, reason}
 */
public record TimelineEntry(Instant at, String type, JsonNode detail) {
}
