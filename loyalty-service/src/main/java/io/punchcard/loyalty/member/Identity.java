package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.program.Channel;

/**
 * One shopper, one member: customers from other channels matched with members, duplicates listed and merged,
 * and the GDPR rights to a copy and to erasure.
 */
public interface Identity {

    /** Matches a customer by external id, then e-mail, then phone; enrols them when none matches. */
    Resolved resolve(Customer customer);

    /** Pairs of members that look like one person and are not yet merged or dismissed. */
    List<Suspect> suspects();

    /**
     * Folds {@code duplicate} into {@code survivor}, in one transaction, audited as {@code member.merge} (both
     * members before, the survivor after) by {@code by}; {@code actor} is who the caller says decided it.
     */
    Merged merge(UUID survivor, UUID duplicate, String actor, String reason, Actor by);

    /** Everything kept about a member, as JSON; empty when there is no such member. */
    Optional<String> export(UUID memberId);

    /**
     * Pseudonymises a member's profile and identifiers; the ledger keeps its sums. The audit keeps the erasure
     * ({@code member.erase}) but loses the profiles its earlier entries of the member copied.
     */
    boolean erase(UUID memberId, String actor, String reason, Actor by);

    /**
     * Removes the member's link {@code externalId} for good, and erases the member when nothing else ties them to
     * the chain: no store or kiosk join, no card, no other channel's id, no purchase but from {@code sourceKey}.
     */
    Unlinked unlink(Identifier externalId, String sourceKey, String actor, String reason, Actor by);

    /**
     * @param memberId the member, or null when no member had the link
     * @param outcome  UNLINKED, ERASED or NOT_LINKED
     */
    record Unlinked(UUID memberId, String outcome) {
    }

    /** The member's story across channels, newest first, as a JSON array; empty when there is no such member. */
    Optional<String> timeline(UUID memberId, int limit);

    /**
     * A checked customer from another channel.
     *
     * @param externalId  their id there (required)
     * @param email       normalised e-mail, or null
     * @param phone       normalised phone, or null
     * @param givenName   first name
     * @param familyName  surname
     * @param consents    consents as the channel states them
     * @param joinChannel where a new member joins
     * @param joinStore   the channel's store
     */
    record Customer(Identifier externalId, Identifier email, Identifier phone, String givenName, String familyName,
                    Map<Member.ConsentChannel, Member.ConsentState> consents, Channel joinChannel, String joinStore) {
    }

    /** The outcome of a resolution. */
    sealed interface Resolved permits Matched, Enrolled, Ambiguous {
    }

    /**
     * @param memberId the member
     * @param by       EXTERNAL_ID, EMAIL or PHONE
     */
    record Matched(UUID memberId, String by) implements Resolved {
    }

    /** @param member the new member */
    record Enrolled(Member member) implements Resolved {
    }

    /**
     * @param byEmail the member the e-mail names
     * @param byPhone the member the phone names
     */
    record Ambiguous(UUID byEmail, UUID byPhone) implements Resolved {
    }

    /**
     * @param id         the pair's number
     * @param memberA    one member
     * @param memberB    the other
     * @param reason     why they look like one person
     * @param detectedAt when
     */
    record Suspect(long id, UUID memberA, UUID memberB, String reason, Instant detectedAt) {
    }

    /** The outcome of a merge. */
    sealed interface Merged permits MergeDone, MergeRefused {
    }

    /** @param survivor the member after the merge */
    record MergeDone(Member survivor) implements Merged {
    }

    /**
     * @param field  the member reference at fault
     * @param reason why
     */
    record MergeRefused(String field, String reason) implements Merged {
    }
}
