package io.punchcard.api.v1;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code PATCH /api/v1/members/{id}}: the fields given replace the member's; fields left out stay. An empty
 * string removes an identifier or a profile field.
 *
 * @param givenName      first name
 * @param familyName     surname
 * @param phone          phone number
 * @param email          e-mail address
 * @param cardNumber     loyalty card
 * @param birthday       birthday
 * @param language       language tag
 * @param preferredStore store code
 * @param tags           replaces all tags
 * @param consents       per channel; recorded as new consent events
 */
public record UpdateMember(String givenName, String familyName, String phone, String email, String cardNumber,
                           LocalDate birthday, String language, String preferredStore, List<String> tags,
                           Map<String, Consent> consents) {
}
