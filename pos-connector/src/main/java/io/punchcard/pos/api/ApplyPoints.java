package io.punchcard.pos.api;

import java.util.UUID;

/**
 * {@code POST /pos/v1/sales/{saleId}/points}: pay part of the open sale with points. They are taken at once
 * (so no other till can spend them too) and given back if the sale is voided.
 *
 * @param memberId the shopper
 * @param points   how many points
 * @param tenderId the till's id of this tender within the sale ("1" when left out): sending it again after a
 *                 lost answer takes the points once
 */
public record ApplyPoints(UUID memberId, Long points, String tenderId) {
}
