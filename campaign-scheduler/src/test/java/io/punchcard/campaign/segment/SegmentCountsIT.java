package io.punchcard.campaign.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Segments counted over a read model seeded by hand (the feed's follower writes it in production), each count
 * worked out by hand from the five members below: relative dates at a fixed now, a 29 February birthday, points
 * expiring from the jsonb, tags from the core and from the scheduler, nesting of not and any.
 */
@WithStores
class SegmentCountsIT {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 7 December 2026, 11:00 in Berlin. */
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final LocalDate TODAY = LocalDate.parse("2026-12-07");

    static final UUID ANA = new UUID(0, 1);
    static final UUID BEN = new UUID(0, 2);
    static final UUID CAT = new UUID(0, 3);
    static final UUID DAN = new UUID(0, 4);
    static final UUID EVA = new UUID(0, 5);

    private static Postgres pool;
    private static PgAudiences audiences;

    @BeforeAll
    static void seed(TestPostgres postgres) throws SQLException {
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 4),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        audiences = new PgAudiences(pool.dbClient());
        try (Connection c = postgres.connect()) {
            c.createStatement().execute("SET search_path TO scheduler");
            // Ana: GOLD, e-mail, born 29 Feb 1992, bought shoes 10 days ago, 100 points expire in 10 days, 50 in 40.
            facts(c, ANA, "ACTIVE", "GOLD", "1992-02-29", true, false, null, "{vip}", "{shoes,bags}",
                    days(-10), 5, 50_000, "2026-01-15T09:00:00Z",
                    "[{\"on\":\"" + TODAY.plusDays(10) + "\",\"points\":100},{\"on\":\"" + TODAY.plusDays(40) + "\",\"points\":50}]");
            // Ben: SILVER, SMS, born 10 Dec, referred by Ana, bought shoes 100 days ago; 500 points expired (stale).
            facts(c, BEN, "ACTIVE", "SILVER", "1985-12-10", false, true, ANA, "{}", "{shoes}",
                    days(-100), 2, 20_000, "2025-06-01T09:00:00Z",
                    "[{\"on\":\"" + TODAY.minusDays(5) + "\",\"points\":500},{\"on\":\"" + TODAY.plusDays(30) + "\",\"points\":20}]");
            // Cat: no tier, no birthday, never bought, joined on 30 November.
            facts(c, CAT, "ACTIVE", null, null, true, false, null, "{}", "{}", null, 0, 0, "2026-11-30T10:00:00Z", "[]");
            // Dan: GOLD but merged into Ana.
            facts(c, DAN, "MERGED", "GOLD", null, true, true, null, "{vip}", "{}", null, 0, 0, "2024-01-01T00:00:00Z", "[]");
            // Eva: BRONZE, born 28 Feb 2000, bought garden things 5 days ago and returned them all.
            facts(c, EVA, "ACTIVE", "BRONZE", "2000-02-28", false, false, null, "{}", "{garden}",
                    days(-5), 1, 0, "2025-01-01T00:00:00Z", "[]");
            purchase(c, ANA, days(-10), "{shoes}", 5_000, 0);
            purchase(c, BEN, days(-100), "{shoes}", 20_000, 0);
            purchase(c, EVA, days(-5), "{garden}", 3_000, 3_000);
            tag(c, BEN, "vip");
            tag(c, ANA, "newsletter");
        }
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    static Instant days(int offset) {
        return NOW.plus(Duration.ofDays(offset));
    }

    static void facts(Connection c, UUID id, String status, String tier, String birthday, boolean email, boolean sms,
                      UUID referredBy, String coreTags, String categories, Instant lastPurchase, int purchases,
                      long spend, String joined, String expiring) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_facts (member_id, status, tier, birthday,"
                + " email_consent, sms_consent, referred_by, core_tags, categories, first_purchase_at, last_purchase_at,"
                + " purchases, spend_minor, joined_at, points_expiring, preferred_store, updated_at)"
                + " VALUES (?, ?, ?, ?::date, ?, ?, ?, ?::text[], ?::text[], ?, ?, ?, ?, ?::timestamptz, ?::jsonb, 'S1', now())")) {
            ps.setObject(1, id);
            ps.setString(2, status);
            ps.setString(3, tier);
            ps.setString(4, birthday);
            ps.setBoolean(5, email);
            ps.setBoolean(6, sms);
            ps.setObject(7, referredBy);
            ps.setString(8, coreTags);
            ps.setString(9, categories);
            ps.setTimestamp(10, lastPurchase == null ? null : Timestamp.from(lastPurchase));
            ps.setTimestamp(11, lastPurchase == null ? null : Timestamp.from(lastPurchase));
            ps.setInt(12, purchases);
            ps.setLong(13, spend);
            ps.setString(14, joined);
            ps.setString(15, expiring);
            ps.executeUpdate();
        }
    }

    static void purchase(Connection c, UUID member, Instant at, String categories, long total, long refunded)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fact_purchase (purchase_id, member_id, occurred_at, day,"
                + " total_minor, eligible_minor, refunded_minor, categories) VALUES (?, ?, ?, ?, ?, ?, ?, ?::text[])")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, member);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setObject(4, LocalDate.ofInstant(at, BERLIN));
            ps.setLong(5, total);
            ps.setLong(6, total);
            ps.setLong(7, refunded);
            ps.setString(8, categories);
            ps.executeUpdate();
        }
    }

    static void tag(Connection c, UUID member, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_tag (member_id, tag, source, set_by, set_at)"
                + " VALUES (?, ?, 'STAFF', 'test', now())")) {
            ps.setObject(1, member);
            ps.setString(2, tag);
            ps.executeUpdate();
        }
    }

    static SegmentSql compile(String rule, Instant now) {
        return new SegmentCompiler(now, BERLIN).compile(RuleJsonTest.rule(rule));
    }

    @Test
    void eachRuleCountsTheMembersWorkedOutByHand() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("{'field':'tier','op':'in','value':['GOLD','SILVER']}", 2L);
        expected.put("{'field':'status','op':'eq','value':'MERGED'}", 1L);
        expected.put("{'all':[{'field':'tier','op':'eq','value':'GOLD'},{'any':[{'field':'status','op':'eq','value':'ACTIVE'},"
                + "{'field':'status','op':'eq','value':'MERGED'}]}]}", 2L);
        expected.put("{'field':'tier','op':'ne','value':'GOLD'}", 3L);
        expected.put("{'field':'tier','op':'notIn','value':['GOLD']}", 3L);
        expected.put("{'not':{'field':'tier','op':'eq','value':'GOLD'}}", 3L);
        expected.put("{'field':'tier','op':'missing'}", 1L);
        expected.put("{'field':'consents.email','op':'eq','value':true}", 2L);
        expected.put("{'field':'referred','op':'eq','value':true}", 1L);
        expected.put("{'field':'tags','op':'contains','value':'vip'}", 2L);
        expected.put("{'field':'tags','op':'containsAll','value':['vip','newsletter']}", 1L);
        expected.put("{'field':'tags','op':'missing'}", 2L);
        expected.put("{'field':'lastPurchaseAt','op':'withinLast','value':{'days':30}}", 2L);
        expected.put("{'field':'lastPurchaseAt','op':'before','value':{'daysAgo':60}}", 1L);
        expected.put("{'field':'lastPurchaseAt','op':'missing'}", 1L);
        expected.put("{'field':'points.expiringWithin','op':'gte','value':100,'days':30}", 1L);
        expected.put("{'field':'points.expiringWithin','op':'gte','value':20,'days':30}", 2L);
        expected.put("{'field':'points.expiringWithin','op':'gte','value':20,'days':9}", 0L);
        expected.put("{'field':'boughtCategory','op':'contains','value':'shoes','days':30}", 1L);
        expected.put("{'field':'boughtCategory','op':'containsAny','value':['shoes','hats'],'days':365}", 2L);
        expected.put("{'field':'boughtCategory','op':'contains','value':'garden','days':30}", 0L);
        expected.put("{'field':'boughtCategory','op':'exists','days':7}", 0L);
        expected.put("{'field':'birthday','op':'withinNext','value':{'days':7}}", 1L);
        expected.put("{'field':'birthday','op':'withinNext','value':{'days':2}}", 0L);
        expected.put("{'field':'birthdayMonth','op':'eq','value':2}", 2L);
        expected.put("{'field':'spend','op':'between','value':[20000,50000]}", 2L);
        expected.put("{'field':'joinedAt','op':'after','value':'2026-11-29'}", 1L);
        expected.put("{'field':'joinedAt','op':'after','value':'2026-11-30'}", 0L);
        expected.put("{'field':'joinedAt','op':'between','value':['2026-11-30','2026-11-30']}", 1L);
        expected.put("{'field':'joinedAt','op':'after','value':{'daysAgo':8}}", 1L);
        expected.put("{'not':{'any':[{'field':'tier','op':'eq','value':'GOLD'},{'field':'consents.sms','op':'eq','value':true}]}}", 2L);
        expected.put("{'all':[{'any':[{'field':'tier','op':'eq','value':'GOLD'},{'field':'tier','op':'eq','value':'SILVER'}]},"
                + "{'not':{'field':'consents.email','op':'eq','value':true}}]}", 1L);
        expected.put("{'field':'categories','op':'containsAny','value':['bags']}", 1L);
        expected.put("{'field':'purchases','op':'gte','value':0}", 4L);

        Map<String, Long> counted = new LinkedHashMap<>();
        expected.keySet().forEach(rule -> counted.put(rule, audiences.count(compile(rule, NOW))));
        assertEquals(expected, counted);
    }

    @Test
    void aTwentyNinthOfFebruaryBirthdayIsCelebratedOnTheTwentyEighthInACommonYear() {
        String tomorrow = "{'field':'birthday','op':'withinNext','value':{'days':1}}";
        String today = "{'field':'birthday','op':'withinNext','value':{'days':0}}";
        assertEquals(List.of(ANA, EVA), ids(compile(tomorrow, Instant.parse("2027-02-27T10:00:00Z"))));
        assertEquals(List.of(ANA, EVA), ids(compile(today, Instant.parse("2027-02-28T10:00:00Z"))));
        assertEquals(List.of(EVA), ids(compile(today, Instant.parse("2028-02-28T10:00:00Z"))));
        assertEquals(List.of(ANA), ids(compile(today, Instant.parse("2028-02-29T10:00:00Z"))));
    }

    private static List<UUID> ids(SegmentSql sql) {
        return audiences.members(sql, null, 100);
    }

    @Test
    void aSampleShowsTheFirstMembersByIdWithTheirFacts() {
        List<SampleMember> sample = audiences.sample(compile("{'field':'tier','op':'in','value':['GOLD','SILVER']}", NOW), 10);
        assertEquals(List.of(ANA, BEN), sample.stream().map(SampleMember::memberId).toList());
        assertEquals("GOLD", sample.get(0).tier());
        assertEquals(50_000, sample.get(0).spendMinor());
        assertEquals(List.of(ANA), audiences.sample(compile("{'field':'purchases','op':'gte','value':0}", NOW), 1)
                .stream().map(SampleMember::memberId).toList());
    }

    @Test
    void membersComeInChunksByKeysetEachOnceAndInOrder() {
        List<List<UUID>> chunks = new ArrayList<>();
        audiences.forEachChunk(compile("{'field':'purchases','op':'gte','value':0}", NOW), 3, chunks::add);
        assertEquals(List.of(List.of(ANA, BEN, CAT), List.of(EVA)), chunks);
    }

    @Test
    void randomValidTreesCompileAndRunAndATreeAndItsNegationCoverTheActiveMembers() {
        RandomRules random = new RandomRules(20261207L);
        long active = audiences.count(compile("{'field':'purchases','op':'gte','value':0}", NOW));
        SegmentCompiler compiler = new SegmentCompiler(NOW, BERLIN);
        for (int i = 0; i < 300; i++) {
            Rule rule = random.next();
            assertEquals(rule, ((RuleJson.Read) RuleJson.read(RuleJson.write(rule), "rule")).rule(), "round trip");
            long matching = audiences.count(compiler.compile(rule));
            long rest = audiences.count(compiler.compile(new Rule.Not(rule)));
            assertEquals(active, matching + rest, () -> "a rule and its negation split the members: " + RuleJson.write(rule));
            assertTrue(audiences.sample(compiler.compile(rule), 5).size() <= 5);
        }
    }
}
