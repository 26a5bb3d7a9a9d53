package io.punchcard.campaign.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.core.FeedFollower;

/** Where each follower of the core's events feed stands, in the scheduler's schema. */
public final class PgFeedPositions implements FeedFollower.Positions {

    private final Tx tx;

    public PgFeedPositions(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public Optional<String> position(String consumer) {
        return tx.read(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT position FROM feed_position WHERE consumer = ?"),
                    consumer);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    @Override
    public void keep(String consumer, String position, Instant at) {
        tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO feed_position (consumer, position, "
                    + "updated_at) VALUES (?, ?, ?) ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, "
                    + "updated_at = excluded.updated_at"), consumer, position, at)) {
                return ps.executeUpdate();
            }
        });
    }
}
