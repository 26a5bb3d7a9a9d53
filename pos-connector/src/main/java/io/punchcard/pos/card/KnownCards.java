package io.punchcard.pos.card;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The member cards this store has seen, kept for when the core cannot be reached: a till can still greet a
 * regular by name and show their tier and points, marked with how old that is.
 */
public interface KnownCards {

    /** Keeps {@code card} (as the core sent it) under each of {@code identifiers} ({@code card:…}, {@code phone:…}). */
    void keep(List<String> identifiers, String card, Instant at);

    /** The last card seen under {@code identifier}. */
    Optional<Known> find(String identifier);

    /**
     * @param card the card as the core sent it
     * @param at   when it was fetched
     */
    record Known(String card, Instant at) {
    }
}
