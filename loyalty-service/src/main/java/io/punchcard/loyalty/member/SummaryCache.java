package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;

/**
 * A copy of member cards kept for fast lookups at the till. Never the truth: every method may find nothing
 * or do nothing (an outage, an eviction), and callers then ask PostgreSQL.
 */
public interface SummaryCache {

    /** The card of this member, if cached and still fresh at {@code now}. */
    Optional<MemberSummary> get(UUID memberId, Instant now);

    /** The card of the member holding this identifier, if cached and still fresh at {@code now}. */
    Optional<MemberSummary> get(Identifier identifier, Instant now);

    /** The same card in the wire contract's JSON, as cached, without reading it into objects and back. */
    Optional<String> json(Identifier identifier, Instant now);

    /**
     * The member's generation: a number that every invalidation changes. Read it before computing a card and
     * give it to {@link #put}, which keeps the card only if no invalidation came in between.
     */
    String generation(UUID memberId);

    /**
     * Keeps a card until {@code staleAfter} (when points become available or expire by time alone) or the
     * cache's own time limit, whichever comes first, findable by the member's id and {@code identifiers} —
     * unless the member's generation is no longer {@code generation}: then a change committed while the card
     * was computed, and the card is dropped instead of cached.
     */
    void put(MemberSummary summary, List<Identifier> identifiers, Instant staleAfter, String generation);

    /** Forgets the cards of these members; called after every committed change to them. */
    void invalidate(Collection<UUID> memberIds);
}
