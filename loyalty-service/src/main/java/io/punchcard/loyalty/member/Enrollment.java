package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.punchcard.loyalty.program.Channel;

/**
 * A checked request to enroll a member: identifiers normalised, fields within their limits.
 *
 * @param givenName      first name
 * @param familyName     surname
 * @param identifiers    normalised identifiers (phone, e-mail, card, external ids)
 * @param birthday       birthday
 * @param language       language tag
 * @param preferredStore store code
 * @param joinChannel    where they join
 * @param joinStore      store where they join
 * @param tags           labels
 * @param consents       consent given per channel
 * @param referrerCode   the referral code of whoever brought them, or null
 */
public record Enrollment(String givenName, String familyName, List<Identifier> identifiers, LocalDate birthday,
                         String language, String preferredStore, Channel joinChannel, String joinStore,
                         List<String> tags, Map<Member.ConsentChannel, Member.ConsentState> consents,
                         String referrerCode) {

    public Enrollment {
        identifiers = List.copyOf(identifiers);
        tags = List.copyOf(tags);
        consents = Map.copyOf(consents);
    }

    /** The same enrolment with {@code identifiers} instead. */
    public Enrollment withIdentifiers(List<Identifier> identifiers) {
        return new Enrollment(givenName, familyName, identifiers, birthday, language, preferredStore, joinChannel,
                joinStore, tags, consents, referrerCode);
    }
}
