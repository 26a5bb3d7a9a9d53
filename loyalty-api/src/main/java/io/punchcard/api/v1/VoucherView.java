package io.punchcard.api.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * A voucher as the API shows it.
 *
 * @param id          its id
 * @param code        what the shopper shows: {@code XXXX-XXXX-XXXX-C}
 * @param template    the template code
 * @param name        what it is called
 * @param kind        AMOUNT_OFF, PERCENT_OFF, FREE_ITEM or POINTS_MULTIPLIER
 * @param amountMinor for AMOUNT_OFF
 * @param percentOff  for PERCENT_OFF
 * @param memberId    its owner; null for a bearer voucher
 * @param status      ISSUED, REDEEMED, EXPIRED or VOIDED
 * @param usesAllowed how many sales it can be used on
 * @param uses        how many it was used on
 * @param validFrom   from when
 * @param validUntil  until when
 */
public record VoucherView(UUID id, String code, String template, String name, String kind, long amountMinor,
                          int percentOff, UUID memberId, String status, int usesAllowed, int uses, Instant validFrom,
                          Instant validUntil) {
}
