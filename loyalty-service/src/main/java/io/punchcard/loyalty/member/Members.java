package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.loyalty.access.Actor;

/** Members and the identifiers they are found by. */
public interface Members {

    /** Enrolls a member; every identifier must be free among active members. */
    Enrolled enroll(Enrollment enrollment);

    /** The member with this id, whatever their status. */
    Optional<Member> get(UUID id);

    /** The active member holding this identifier. */
    Optional<Member> find(Identifier identifier);

    /**
     * Applies a change to an active member, audited as {@code member.update} (the member before and after) in its
     * transaction.
     */
    Updated update(UUID id, MemberChanges changes, Actor by);

    /** The outcome of an enrolment. */
    sealed interface Enrolled permits Joined, IdentifierTaken, UnknownReferrer {
    }

    /** @param member the new member */
    record Joined(Member member) implements Enrolled {
    }

    /** @param kind the identifier already held by another active member */
    record IdentifierTaken(IdentifierKind kind) implements Enrolled, Updated {
    }

    /** @param code the referral code that no member has */
    record UnknownReferrer(String code) implements Enrolled {
    }

    /** The outcome of a change. */
    sealed interface Updated permits Changed, IdentifierTaken, NotFound {
    }

    /** @param member the member after the change */
    record Changed(Member member) implements Updated {
    }

    /** @param id no active member has this id */
    record NotFound(UUID id) implements Updated {
    }
}
