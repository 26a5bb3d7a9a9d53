package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A member as stored: profile, identifiers in force, consents in force, tier and points debt.
 *
 * @param id             the member's id
 * @param status         ACTIVE, MERGED or ERASED
 * @param mergedInto     the survivor of a merge
 * @param givenName      first name
 * @param familyName     surname
 * @param birthday       birthday
 * @param language       language tag
 * @param preferredStore store code
 * @param joinChannel    where they joined
 * @param joinStore      store where they joined
 * @param referralCode   their own code for bringing friends
 * @param referredBy     who brought them
 * @param tags           labels
 * @param identifiers    identifiers in force
 * @param consents       consent in force per channel
 * @param tierCode       their tier
 * @param tierSince      since when
 * @param pointsDebt     points owed after refunds of spent points
 * @param createdAt      enrolment time
 * @param updatedAt      last change
 */
public record Member(UUID id, Status status, UUID mergedInto, String givenName, String familyName, LocalDate birthday,
                     String language, String preferredStore, String joinChannel, String joinStore, String referralCode,
                     UUID referredBy, List<String> tags, List<Identifier> identifiers,
                     Map<ConsentChannel, ConsentState> consents, String tierCode, Instant tierSince, long pointsDebt,
                     Instant createdAt, Instant updatedAt) {

    /** Where a member stands. */
    public enum Status {
        ACTIVE,
        MERGED,
        ERASED
    }

    /** The channels consent is asked for. */
    public enum ConsentChannel {
        EMAIL,
        SMS
    }

    /**
     * Consent in force on one channel.
     *
     * @param granted whether they agreed
     * @param source  where it was given
     * @param at      when
     * @param text    the words agreed to (or declined) as they were shown, or null where none were
     */
    public record ConsentState(boolean granted, String source, Instant at, String text) {
    }

    public Member {
        tags = List.copyOf(tags);
        identifiers = List.copyOf(identifiers);
        consents = Map.copyOf(consents);
    }

    /** The identifier of this kind in force (the first, for kinds a member can have several of). */
    public Optional<String> identifier(IdentifierKind kind) {
        return identifiers.stream().filter(i -> i.kind() == kind).map(Identifier::value).findFirst();
    }

    /** All identifiers of this kind in force. */
    public List<String> identifiers(IdentifierKind kind) {
        return identifiers.stream().filter(i -> i.kind() == kind).map(Identifier::value).toList();
    }

    /** The name a cashier may read out: given name and the surname's initial. */
    public String displayName() {
        return displayName(givenName, familyName);
    }

    /** What the till shows: the given name and the family name's initial ("Ana S."), or "Member". */
    public static String displayName(String givenName, String familyName) {
        String given = givenName == null ? "" : givenName;
        String initial = familyName == null || familyName.isBlank() ? "" : " " + familyName.charAt(0) + ".";
        String name = (given + initial).trim();
        return name.isEmpty() ? "Member" : name;
    }
}
