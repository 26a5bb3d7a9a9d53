package io.punchcard.campaign.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.Json;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.segment.RuleJson;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/** Tag rules kept current by the clock: once a day, by difference, with relative dates moving on. */
@WithStores
class TagRuleRefresherIT {

    private static final Instant NOW = Instant.parse("2027-05-10T08:00:00Z");
    private static Postgres pool;

    @BeforeAll
    static void open(TestPostgres postgres) {
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 4),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void aRuleTagFollowsTheMembersAsTheDaysPassAndIsRefreshedOnceADay() {
        Tx tx = new Tx(pool.dbClient());
        // Two members: one bought 10 days ago, one 40 days ago.
        tx.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_facts (member_id, last_purchase_at, "
                    + "updated_at) VALUES (gen_random_uuid(), ?::timestamptz, now()), "
                    + "(gen_random_uuid(), ?::timestamptz, now())")) {
                ps.setString(1, NOW.minus(Duration.ofDays(10)).toString());
                ps.setString(2, NOW.minus(Duration.ofDays(40)).toString());
                return ps.executeUpdate();
            }
        });
        PgSegments segments = new PgSegments(pool.dbClient(), Clock.fixed(NOW, ZoneOffset.UTC));
        var rule = assertInstanceOf(RuleJson.Read.class, RuleJson.read(Json.mapper().valueToTree(java.util.Map.of(
                "field", "lastPurchaseAt", "op", "withinLast", "value", java.util.Map.of("days", 30))), "rule")).rule();
        assertInstanceOf(PgSegments.Done.class, segments.createTagRule("recent-buyer", rule, "tests"));
        TagRuleRefresher refresher = new TagRuleRefresher(segments, new PgAudiences(pool.dbClient()),
                () -> ZoneId.of("Europe/Berlin"));

        assertEquals(1, refresher.refreshDue(NOW));
        assertEquals(1, tagged(tx));
        assertEquals(0, refresher.refreshDue(NOW.plus(Duration.ofHours(23))), "once a day");
        // Three weeks on, the member who bought 10 days ago bought 31 days ago: the tag goes.
        assertEquals(1, refresher.refreshDue(NOW.plus(Duration.ofDays(21))));
        assertEquals(0, tagged(tx));
    }

    private static long tagged(Tx tx) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM member_tag WHERE tag = 'recent-buyer'");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
