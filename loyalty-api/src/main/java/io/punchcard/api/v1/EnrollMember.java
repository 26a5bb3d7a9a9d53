package io.punchcard.api.v1;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/members}: a new member. Every identifier given must be free among active members.
 *
 * @param givenName      first name
 * @param familyName     surname
 * @param phone          phone number; without a country code it is read in the program's region
 * @param email          e-mail address
 * @param cardNumber     the loyalty card handed over at the till
 * @param externalIds    ids in other systems, {@code channel:id}
 * @param birthday       for birthday offers
 * @param language       IETF language tag for messages, e.g. {@code de}
 * @param preferredStore store code
 * @param joinChannel    POS, ONLINE or KIOSK
 * @param joinStore      store code where they joined
 * @param tags           free labels
 * @param consents       per channel ({@code email}, {@code sms})
 * @param referrerCode   the referral code of the member who brought them
 */
public record EnrollMember(String givenName, String familyName, String phone, String email, String cardNumber,
                           List<String> externalIds, LocalDate birthday, String language, String preferredStore,
                           String joinChannel, String joinStore, List<String> tags, Map<String, Consent> consents,
                           String referrerCode) {
}
