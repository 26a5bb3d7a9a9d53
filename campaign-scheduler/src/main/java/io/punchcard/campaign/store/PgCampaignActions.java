package io.punchcard.campaign.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.engine.CampaignActions;
import io.punchcard.campaign.engine.Effect;

/** Campaigns' tags and alerts in the scheduler's schema, one statement per batch. */
public final class PgCampaignActions implements CampaignActions {

    private final Tx tx;

    public PgCampaignActions(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public void tag(String campaign, List<Effect> effects, String tag, Instant now) {
        tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO member_tag (member_id, tag, source, set_by, "
                            + "set_at) SELECT m, ?, 'campaign', ?, ? FROM unnest(?::uuid[]) AS m ON CONFLICT DO NOTHING"),
                    tag, "campaign " + campaign, now, c.createArrayOf("uuid", members(effects)))) {
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void alert(String campaign, List<Effect> effects, String note, Instant now) {
        tx.transaction(c -> {
            // The member's preferred store, else where they joined: the manager who knows them.
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO manager_alert (effect_key, campaign, "
                            + "member_id, store, note, created_at) SELECT d.key, ?, d.member, "
                            + "coalesce(f.preferred_store, f.join_store), ?, ? "
                            + "FROM unnest(?::uuid[], ?::uuid[]) AS d(key, member) "
                            + "LEFT JOIN member_facts f ON f.member_id = d.member ON CONFLICT (effect_key) DO NOTHING"),
                    campaign, note, now, c.createArrayOf("uuid", effects.stream().map(Effect::key).toArray()),
                    c.createArrayOf("uuid", members(effects)))) {
                return ps.executeUpdate();
            }
        });
    }

    private static Object[] members(List<Effect> effects) {
        return effects.stream().map(Effect::member).toArray();
    }
}
