package io.punchcard.loyalty.voucher;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.loyalty.access.Actor;

/**
 * Vouchers: issued from templates, held for an open sale, used on the sale, or let go. A voucher is used on at
 * most as many sales as it allows, however many tills and instances try at once.
 */
public interface Vouchers {

    /**
     * Issues a voucher; its issue id makes a retried issue return the same voucher. A new voucher is audited as
     * {@code voucher.issue} by {@code by} in its transaction.
     */
    Issue issue(IssueRequest request, Actor by);

    /**
     * Issues each voucher as {@link #issue} would, in the order given, in one transaction: the answers come in the
     * same order. An issue id already used answers its voucher as it is now (replayed), or {@link IssueIdTaken}
     * when the voucher asked for with it differs; an id sent twice in {@code requests} is the same rule. The batch
     * is audited once ({@code voucher.batch}), not per member: each voucher names its campaign.
     */
    List<Issue> issueAll(List<IssueRequest> requests, Actor by);

    /** The voucher with this (normalised) code. */
    Optional<Voucher> get(String code);

    /** The member's vouchers that can be used now. */
    List<Voucher> usable(UUID memberId);

    /** Holds one use of the voucher for {@code saleRef} until the hold runs out. */
    Hold reserve(String code, String saleRef, UUID memberId, Duration hold);

    /** Uses the voucher on the sale it is held for. */
    Settle commit(String code, String saleRef);

    /** Lets go of a hold (the sale was voided). */
    Settle release(String code, String saleRef);

    /** The outcome of issuing. */
    sealed interface Issue permits Issued, UnknownTemplate, MemberNotFound, IssueIdTaken {
    }

    /** The issue id was used for a different voucher (template, owner, reason or campaign). */
    record IssueIdTaken() implements Issue {
    }

    /**
     * @param voucher  the voucher, as it is now
     * @param replayed true when an earlier request with the same issue id issued it
     */
    record Issued(Voucher voucher, boolean replayed) implements Issue {
    }

    /** @param template no such template in the program */
    record UnknownTemplate(String template) implements Issue {
    }

    /** No active member with the id given. */
    record MemberNotFound() implements Issue {
    }

    /** The outcome of a hold. */
    sealed interface Hold permits Held, Refused, NotFound {
    }

    /**
     * @param reservationId the hold
     * @param heldUntil     when it lapses unless committed
     * @param replayed      true when the sale already held it
     */
    record Held(UUID reservationId, Instant heldUntil, boolean replayed) implements Hold {
    }

    /** @param reason why the voucher cannot be used, for the cashier */
    record Refused(String reason) implements Hold, Settle {
    }

    /** No voucher with that code. */
    record NotFound() implements Hold, Settle {
    }

    /** The outcome of committing or releasing a hold. */
    sealed interface Settle permits Settled, Refused, NotFound {
    }

    /**
     * @param voucher the voucher after it
     * @param replayed true when the hold had already been settled this way
     */
    record Settled(Voucher voucher, boolean replayed) implements Settle {
    }
}
