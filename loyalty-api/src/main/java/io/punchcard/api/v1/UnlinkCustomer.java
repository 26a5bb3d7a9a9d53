package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/members/unlink}: a channel forgets a customer (Shopify's customers/redact). The member's
 * link to the channel is removed for good; a member known to the chain only through that channel is erased.
 *
 * @param externalId the customer's id in the channel, {@code channel:id}
 * @param source     the channel's purchase source, as {@link PurchaseSource#key()} writes it
 *                   ({@code online:shopify:acme.myshopify.com}): purchases from there do not count as another channel
 * @param actor      who carries it out
 * @param reason     the request it answers
 */
public record UnlinkCustomer(String externalId, String source, String actor, String reason) {
}
