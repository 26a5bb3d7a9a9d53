package io.punchcard.campaign.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.RateGate;
import io.punchcard.campaign.message.TokenBucket;

/**
 * The provider's rate as a token bucket in one row per channel, taken from by every instance in a short
 * transaction: the limit holds for the cluster, not per instance.
 */
public final class PgSendRate implements RateGate {

    private final Tx tx;

    public PgSendRate(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public Permits take(Channel channel, int ratePerSecond, int wanted, Instant now) {
        if (ratePerSecond == 0) {
            return new Permits(wanted, Duration.ZERO);
        }
        return tx.transaction(c -> {
            TokenBucket state;
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT tokens, refreshed_at FROM send_rate "
                    + "WHERE channel = ? FOR UPDATE"), channel);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                state = new TokenBucket(rs.getDouble(1), Tx.instant(rs.getTimestamp(2)));
            }
            TokenBucket.Take take = TokenBucket.take(state, ratePerSecond, wanted, now);
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE send_rate SET tokens = ?, refreshed_at = ? "
                    + "WHERE channel = ?"), take.next().tokens(), take.next().refreshedAt(), channel)) {
                ps.executeUpdate();
            }
            return new Permits(take.granted(), take.waitForNext());
        });
    }
}
