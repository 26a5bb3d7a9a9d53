package io.punchcard.loyalty.member;

import io.punchcard.api.identity.Identifier;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;

/** Member cards from the cache when it has them, else computed and cached. */
public final class CachedSummaries implements Summaries {

    /** A computed card, and until when it stays right if nothing is written. */
    public interface Source {
        Optional<Computed> compute(UUID memberId);

        Optional<UUID> memberIdOf(Identifier identifier);
    }

    /**
     * @param summary     the card
     * @param identifiers the member's identifiers, to find the card by
     * @param staleAfter  the next moment points change by time alone
     */
    public record Computed(MemberSummary summary, java.util.List<Identifier> identifiers, java.time.Instant staleAfter) {
    }

    private final Source source;
    private final SummaryCache cache;
    private final Clock clock;

    public CachedSummaries(Source source, SummaryCache cache, Clock clock) {
        this.source = source;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public Optional<MemberSummary> summary(UUID memberId) {
        Optional<MemberSummary> cached = cache.get(memberId, clock.instant());
        return cached.isPresent() ? cached : computeAndKeep(memberId);
    }

    @Override
    public Optional<String> summaryJson(Identifier identifier) {
        Optional<String> cached = cache.json(identifier, clock.instant());
        if (cached.isPresent()) {
            return cached;
        }
        return source.memberIdOf(identifier).flatMap(this::computeAndKeep).map(Summaries::json);
    }

    @Override
    public Optional<MemberSummary> summary(Identifier identifier) {
        Optional<MemberSummary> cached = cache.get(identifier, clock.instant());
        if (cached.isPresent()) {
            return cached;
        }
        return source.memberIdOf(identifier).flatMap(this::computeAndKeep);
    }

    private Optional<MemberSummary> computeAndKeep(UUID memberId) {
        String generation = cache.generation(memberId);
        Optional<Computed> computed = source.compute(memberId);
        computed.ifPresent(c -> cache.put(c.summary(), c.identifiers(), c.staleAfter(), generation));
        return computed.map(Computed::summary);
    }
}
