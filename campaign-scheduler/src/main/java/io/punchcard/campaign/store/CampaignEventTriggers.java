package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.punchcard.campaign.engine.AudienceSql;
import io.punchcard.campaign.engine.Campaign;
import io.punchcard.campaign.engine.EventTriggers;
import io.punchcard.campaign.facts.Applied;

/**
 * Plans the effects of event-triggered campaigns in the transaction that applies the events to the read model:
 * the facts, the feed's position and the effects commit together, so an event is acted on once whether it is read
 * once, twice (two instances) or again after a rebuild.
 */
public final class CampaignEventTriggers implements FactsListener {

    private final AudienceSql audiences;
    private final Supplier<ZoneId> programZone;
    private final Clock clock;

    public CampaignEventTriggers(AudienceSql audiences, Supplier<ZoneId> programZone, Clock clock) {
        this.audiences = audiences;
        this.programZone = programZone;
        this.clock = clock;
    }

    @Override
    public void applied(Connection c, List<Applied> applied) throws SQLException {
        List<Campaign> running = running(c);
        if (running.isEmpty() || applied.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        ZoneId zone = programZone.get();
        for (Campaign campaign : running) {
            List<java.util.UUID> members = new ArrayList<>();
            List<String> occurrences = new ArrayList<>();
            for (Applied a : applied) {
                for (EventTriggers.Target target : EventTriggers.targets(campaign, a, zone)) {
                    members.add(target.member());
                    occurrences.add(target.occurrence());
                }
            }
            if (!members.isEmpty()) {
                PgEffects.insertTargets(c, campaign.id(), audiences.where(campaign.spec().audience(), now),
                        campaign.spec().holdoutPercent(), members, occurrences, now, now);
            }
        }
    }

    /** The running campaigns that answer events, read in the page's transaction. */
    private static List<Campaign> running(Connection c) throws SQLException {
        List<Campaign> campaigns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM campaign WHERE status = 'RUNNING' "
                + "AND spec->'trigger'->>'type' = 'event'");
             ResultSet rs = ps.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            for (String id : ids) {
                PgCampaigns.load(c, id, false).ifPresent(campaigns::add);
            }
        }
        return campaigns;
    }
}
