package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import io.punchcard.campaign.facts.Applied;

/**
 * Told of each page of the feed the read model took, on the transaction that writes its facts and moves the feed
 * position: what a listener writes on {@code c} commits with them or not at all. The campaign engine plans its
 * event-triggered effects here. Called again for the same events only after a rebuild (the events keep their ids),
 * so effects keyed by the event's id happen once.
 */
@FunctionalInterface
public interface FactsListener {

    /** A listener that does nothing. */
    FactsListener NONE = (c, applied) -> {
    };

    /**
     * {@code applied}: the page's events in feed order, each with its member's facts before and after. Throwing
     * rolls the page back: it is read again on the next poll.
     */
    void applied(Connection c, List<Applied> applied) throws SQLException;
}
