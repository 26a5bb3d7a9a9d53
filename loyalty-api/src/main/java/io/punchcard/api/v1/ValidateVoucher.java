package io.punchcard.api.v1;

import java.util.UUID;

/**
 * {@code POST /api/v1/vouchers/{code}/validate}: whether a voucher can be used on a basket, and what it takes off.
 *
 * @param memberId      the shopper, for a member's voucher
 * @param channel       POS, ONLINE or KIOSK
 * @param store         the store
 * @param eligibleMinor the basket's eligible spend, before this voucher
 */
public record ValidateVoucher(UUID memberId, String channel, String store, Long eligibleMinor) {
}
