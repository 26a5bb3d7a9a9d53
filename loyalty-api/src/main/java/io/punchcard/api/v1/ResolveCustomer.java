package io.punchcard.api.v1;

import java.util.Map;

/**
 * {@code POST /api/v1/members/resolve}: a customer from another channel (an online shop), to be matched with a
 * member by external id, then e-mail, then phone, or enrolled when none matches.
 *
 * @param externalId  the customer's id in that channel, {@code channel:id} (required)
 * @param email       e-mail address
 * @param phone       phone number
 * @param givenName   first name, for a new member
 * @param familyName  surname, for a new member
 * @param consents    consents as the channel states them
 * @param joinChannel where a new member joins (default ONLINE)
 * @param joinStore   the store code of the channel
 */
public record ResolveCustomer(String externalId, String email, String phone, String givenName, String familyName,
                              Map<String, Consent> consents, String joinChannel, String joinStore) {
}
