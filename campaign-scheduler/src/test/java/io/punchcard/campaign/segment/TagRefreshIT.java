package io.punchcard.campaign.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.store.PgAudiences;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * A tag rule over 10,000 members refreshed by its difference: a change of one member's facts changes one tag row,
 * and the 999 others are not rewritten (their row versions stay); bulk tagging is one statement that tags each
 * member once.
 */
@WithStores
class TagRefreshIT {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final SegmentCompiler COMPILER = new SegmentCompiler(NOW, ZoneId.of("UTC"));

    private static Postgres pool;
    private static PgAudiences audiences;
    private static TestPostgres database;

    @BeforeAll
    static void seed(TestPostgres postgres) throws SQLException {
        database = postgres;
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 4),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        audiences = new PgAudiences(pool.dbClient());
        sql("INSERT INTO member_facts (member_id, tier, updated_at) SELECT ('00000000-0000-0000-0000-'"
                + " || lpad(g::text, 12, '0'))::uuid, CASE WHEN g % 10 = 0 THEN 'GOLD' ELSE 'SILVER' END, now()"
                + " FROM generate_series(1, 10000) g");
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("SET search_path TO scheduler");
            s.execute(statement);
        }
    }

    private static Map<UUID, String> rowVersions(String tag) throws SQLException {
        Map<UUID, String> versions = new HashMap<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT member_id, xmin::text FROM scheduler.member_tag WHERE tag = '" + tag + "'")) {
            while (rs.next()) {
                versions.put(rs.getObject(1, UUID.class), rs.getString(2));
            }
        }
        return versions;
    }

    private static UUID member(int n) {
        return UUID.fromString(String.format("00000000-0000-0000-0000-%012d", n));
    }

    @Test
    void aRefreshAfterOneMemberChangedChangesOneRowAndRewritesNoOther() throws SQLException {
        SegmentSql gold = COMPILER.compile(RuleJsonTest.rule("{'field':'tier','op':'eq','value':'GOLD'}"));
        assertEquals(new PgAudiences.Refreshed(1000, 0), audiences.refresh(gold, "gold", "rule", NOW));
        assertEquals(new PgAudiences.Refreshed(0, 0), audiences.refresh(gold, "gold", "rule", NOW));
        // Staff set the tag on a member the rule does not match: a refresh leaves a tag it did not set.
        assertEquals(PgAudiences.TagSet.ADDED, audiences.setTag(member(1), "gold", TagSource.STAFF, "staff", NOW));
        Map<UUID, String> before = rowVersions("gold");

        sql("UPDATE member_facts SET tier = 'SILVER' WHERE member_id = '" + member(10) + "'");
        assertEquals(new PgAudiences.Refreshed(0, 1), audiences.refresh(gold, "gold", "rule", NOW));
        Map<UUID, String> after = rowVersions("gold");
        before.remove(member(10));
        assertEquals(before, after, "the other 1,000 rows are the rows they were");

        sql("UPDATE member_facts SET tier = 'GOLD' WHERE member_id = '" + member(11) + "'");
        assertEquals(new PgAudiences.Refreshed(1, 0), audiences.refresh(gold, "gold", "rule", NOW));
        Map<UUID, String> added = rowVersions("gold");
        assertEquals(after.size() + 1, added.size());
        added.remove(member(11));
        assertEquals(after, added);
    }

    @Test
    void bulkTaggingASegmentTagsEachMemberOnceAndKeepsWhoTaggedFirst() throws SQLException {
        SegmentSql silver = COMPILER.compile(RuleJsonTest.rule("{'all':[{'field':'tier','op':'eq','value':'SILVER'},"
                + "{'not':{'field':'tags','op':'contains','value':'winback'}}]}"));
        audiences.setTag(member(2), "winback", TagSource.STAFF, "staff", NOW);
        long silverMembers = audiences.count(COMPILER.compile(RuleJsonTest.rule("{'field':'tier','op':'eq','value':'SILVER'}")));
        assertEquals(silverMembers - 1, audiences.tagAll(silver, "winback", TagSource.SEGMENT, "manager", NOW));
        assertEquals(0, audiences.tagAll(silver, "winback", TagSource.SEGMENT, "manager", NOW));
        assertEquals(silverMembers, audiences.count(COMPILER.compile(RuleJsonTest.rule(
                "{'field':'tags','op':'contains','value':'winback'}"))));
        assertEquals(PgAudiences.TagSet.ALREADY_SET, audiences.setTag(member(2), "winback", TagSource.STAFF, "x", NOW));
        assertEquals(PgAudiences.TagSet.UNKNOWN_MEMBER, audiences.setTag(new UUID(9, 9), "winback", TagSource.STAFF, "x", NOW));
    }
}
