package io.punchcard.campaign.store;

import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.engine.CampaignOutcomes;
import io.punchcard.campaign.results.GroupTotals;

/**
 * Campaign outcomes summed in PostgreSQL: one statement hands over five numbers per group however many members a
 * campaign reached, so results over a million members are a scan of their effects and purchases, not a million
 * rows to the JVM.
 */
public final class PgCampaignOutcomes implements CampaignOutcomes {

    private final Tx tx;

    public PgCampaignOutcomes(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public Groups groups(String campaign, int attributionDays, Instant asOf) {
        return tx.read(c -> {
            GroupTotals treated = GroupTotals.EMPTY;
            GroupTotals heldOut = GroupTotals.EMPTY;
            // Per effect: the purchases in its window (imported history is not a result), less what was refunded.
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("""
                    WITH per_effect AS (
                        SELECT e.state = 'HELD_OUT' AS held,
                               coalesce(sum(p.total_minor - p.refunded_minor), 0) AS revenue,
                               count(DISTINCT p.day) AS visits,
                               count(p.purchase_id) > 0 AS bought
                        FROM campaign_effect e
                        LEFT JOIN fact_purchase p ON p.member_id = e.member_id AND NOT p.history
                             AND p.occurred_at > e.due_at
                             AND p.occurred_at <= least(e.due_at + ? * interval '1 day', ?)
                        WHERE e.campaign = ? AND e.state IN ('DONE', 'HELD_OUT')
                        GROUP BY e.id, e.state)
                    SELECT held, count(*), count(*) FILTER (WHERE bought), coalesce(sum(revenue), 0),
                           coalesce(sum(revenue::numeric * revenue), 0)::text, coalesce(sum(visits), 0)
                    FROM per_effect GROUP BY held"""), attributionDays, asOf, campaign);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    GroupTotals totals = new GroupTotals(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            new BigInteger(rs.getString(5)), rs.getLong(6));
                    if (rs.getBoolean(1)) {
                        heldOut = totals;
                    } else {
                        treated = totals;
                    }
                }
            }
            return new Groups(treated, heldOut);
        });
    }

    @Override
    public Spend spend(String campaign) {
        return tx.read(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("""
                    SELECT (SELECT coalesce(sum(points), 0) FROM campaign_effect WHERE campaign = ? AND state = 'DONE')
                           + (SELECT coalesce(sum(points), 0) FROM fact_rule_points WHERE campaign = ?),
                           (SELECT coalesce(sum(voucher_discount_minor), 0) FROM campaign_effect
                            WHERE campaign = ? AND voucher_used_at IS NOT NULL),
                           (SELECT count(*) FROM message WHERE campaign = ? AND channel = 'EMAIL'
                            AND state IN ('SENT', 'UNKNOWN')),
                           (SELECT count(*) FROM message WHERE campaign = ? AND channel = 'SMS'
                            AND state IN ('SENT', 'UNKNOWN'))"""), campaign, campaign, campaign, campaign, campaign);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Spend(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        });
    }
}
