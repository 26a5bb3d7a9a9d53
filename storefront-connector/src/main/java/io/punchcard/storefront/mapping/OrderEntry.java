package io.punchcard.storefront.mapping;

import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.ResolveCustomer;

/**
 * A paid online order as the outbox keeps it: who bought (the shop's customer, resolved to a member when it is
 * delivered; or a guest's e-mail and phone, looked up) and the purchase, its member left to fill in then.
 *
 * @param customer   the shop's customer, or null for a guest checkout
 * @param guestEmail a guest's e-mail, or null
 * @param guestPhone a guest's phone, or null
 * @param purchase   the purchase
 */
public record OrderEntry(ResolveCustomer customer, String guestEmail, String guestPhone, RecordPurchase purchase) {
}
