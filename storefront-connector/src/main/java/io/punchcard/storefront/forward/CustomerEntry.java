package io.punchcard.storefront.forward;

import io.punchcard.api.v1.ResolveCustomer;

/**
 * A customer created or changed at the shop, as the outbox keeps it.
 *
 * @param customer the customer
 * @param update   true for a change (customers/update): consents the shop stated later than the member's own are
 *                 recorded on a member found
 */
public record CustomerEntry(ResolveCustomer customer, boolean update) {
}
