package io.punchcard.api.v1;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A member as the API shows it.
 *
 * @param id             the member's id
 * @param status         ACTIVE, MERGED (see {@code mergedInto}) or ERASED
 * @param mergedInto     the surviving member after a merge
 * @param givenName      first name
 * @param familyName     surname
 * @param phone          E.164
 * @param email          lower-case
 * @param cardNumber     loyalty card
 * @param qrToken        the token their QR code carries
 * @param externalIds    ids in other systems
 * @param birthday       birthday
 * @param language       language tag
 * @param preferredStore store code
 * @param joinChannel    where they joined
 * @param joinStore      store where they joined
 * @param referralCode   their own code to bring friends
 * @param referredBy     who brought them
 * @param tags           labels
 * @param consents       per channel
 * @param tier           tier code
 * @param tierSince      since when
 * @param createdAt      enrolment time
 * @param updatedAt      last change
 */
public record MemberView(UUID id, String status, UUID mergedInto, String givenName, String familyName, String phone,
                         String email, String cardNumber, String qrToken, List<String> externalIds, LocalDate birthday,
                         String language, String preferredStore, String joinChannel, String joinStore,
                         String referralCode, UUID referredBy, List<String> tags, Map<String, Consent> consents,
                         String tier, Instant tierSince, Instant createdAt, Instant updatedAt) {
}
