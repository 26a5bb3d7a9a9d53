package io.punchcard.campaign.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.MessagePlanner;
import io.punchcard.campaign.message.MessagingSettings;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * A campaign's segment planned at once: each cause stored once however often it comes, in one list or across
 * lists, and each message expiring by the same rule as one planned alone.
 */
@WithStores
class PlanAllIT {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private static Postgres pool;
    private static PgMessages messages;
    private static MessagePlanner planner;

    @BeforeAll
    static void open(TestPostgres postgres) {
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 4),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        messages = new PgMessages(pool.dbClient());
        planner = new MessagePlanner(messages, MessagingSettings::defaults, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aCauseRepeatedInABatchOrAcrossBatchesIsPlannedOnce() throws Exception {
        String campaign = "repeat-" + UUID.randomUUID();
        UUID ada = UUID.randomUUID();
        List<PlannedMessage> first = new ArrayList<>();
        // More than a chunk, so the list spans transactions, with a repeat inside a chunk and one across chunks.
        for (int i = 0; i < PgMessages.PLAN_CHUNK + 10; i++) {
            first.add(message(campaign, i, ada, "first"));
        }
        first.add(message(campaign, 3, ada, "repeat in the list"));
        first.add(4, message(campaign, 3, ada, "repeat in the same chunk"));
        assertEquals(PgMessages.PLAN_CHUNK + 10, planner.planAll(first));

        List<PlannedMessage> second = List.of(message(campaign, 0, ada, "again"), message(campaign, 5, ada, "again"),
                message(campaign, PgMessages.PLAN_CHUNK + 10, ada, "new"));
        assertEquals(1, planner.planAll(second), "only the new cause of the second list is stored");
        assertEquals(1, planner.planAll(List.of(message(campaign, PgMessages.PLAN_CHUNK + 11, ada, "alone"),
                message(campaign, PgMessages.PLAN_CHUNK + 11, ada, "alone again"))));

        try (Connection c = pool.dbClient().unwrap(Connection.class);
             PreparedStatement ps = c.prepareStatement("SELECT count(*), count(DISTINCT cause), count(DISTINCT reference), "
                     + "min(requested_by), max(requested_by) FILTER (WHERE cause LIKE ?), min(state), max(state) "
                     + "FROM scheduler.message WHERE campaign = ?")) {
            ps.setString(1, "%:3");
            ps.setString(2, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(PgMessages.PLAN_CHUNK + 12, rs.getLong(1), "one row per cause");
                assertEquals(rs.getLong(1), rs.getLong(2));
                assertEquals(rs.getLong(1), rs.getLong(3), "every message its own reference");
                assertEquals("first", rs.getString(5), "the first of a repeated cause is the one stored");
                assertEquals("QUEUED", rs.getString(6));
                assertEquals("QUEUED", rs.getString(7));
            }
        }
    }

    @Test
    void eachMessageExpiresAsOnePlannedAloneWould() throws Exception {
        String campaign = "expiry-" + UUID.randomUUID();
        Instant due = NOW.plus(Duration.ofHours(3));
        PlannedMessage together = message(campaign, 1, UUID.randomUUID(), "together");
        PlannedMessage alone = message(campaign, 2, UUID.randomUUID(), "alone");
        PlannedMessage later = new PlannedMessage("campaign:" + campaign + ":3", Purpose.TRANSACTIONAL, Channel.EMAIL,
                UUID.randomUUID(), null, "welcome", CauseFacts.NONE, campaign, "together", due);
        assertEquals(2, planner.planAll(List.of(together, later)));
        planner.plan(alone);
        try (Connection c = pool.dbClient().unwrap(Connection.class);
             PreparedStatement ps = c.prepareStatement("SELECT cause, EXTRACT(EPOCH FROM expires_at - due_at)::bigint, due_at, not_before, created_at "
                     + "FROM scheduler.message WHERE campaign = ? ORDER BY cause")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getLong(2) + " " + rs.getTimestamp(3).toInstant() + " " + rs.getTimestamp(4)
                            .toInstant() + " " + rs.getTimestamp(5).toInstant());
                }
                MessagingSettings rules = MessagingSettings.defaults();
                assertEquals(List.of(
                        rules.maxAge(Purpose.MARKETING).toSeconds() + " " + NOW + " " + NOW + " " + NOW,
                        rules.maxAge(Purpose.MARKETING).toSeconds() + " " + NOW + " " + NOW + " " + NOW,
                        rules.maxAge(Purpose.TRANSACTIONAL).toSeconds() + " " + due + " " + due + " " + NOW), rows);
            }
        }
    }

    private static PlannedMessage message(String campaign, int n, UUID member, String requestedBy) {
        return new PlannedMessage("campaign:" + campaign + ":" + n, Purpose.MARKETING, Channel.EMAIL, member, null,
                "welcome", CauseFacts.NONE, campaign, requestedBy, NOW);
    }
}
