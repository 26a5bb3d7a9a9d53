package io.punchcard.storefront.forward;

/**
 * A data request as the outbox keeps it.
 *
 * @param shop       the shop's name
 * @param requestId  the platform's id of the request
 * @param externalId the customer's id at the core
 * @param email      the customer's e-mail, to find a member their guest orders went to
 */
public record ExportEntry(String shop, String requestId, String externalId, String email) {
}
