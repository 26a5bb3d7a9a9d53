package io.punchcard.api.v1;

import java.util.List;

/**
 * {@code POST /api/v1/purchases/batch}: up to 500 purchases; each is recorded (or refused) on its own.
 *
 * @param purchases the purchases
 */
public record PurchaseBatch(List<RecordPurchase> purchases) {
}
