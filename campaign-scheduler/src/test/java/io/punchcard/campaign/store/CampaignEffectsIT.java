package io.punchcard.campaign.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.engine.Actor;
import io.punchcard.campaign.engine.Action;
import io.punchcard.campaign.engine.Campaign;
import io.punchcard.campaign.engine.CampaignSpec;
import io.punchcard.campaign.engine.CampaignStore;
import io.punchcard.campaign.engine.Effect;
import io.punchcard.campaign.engine.EffectStore;
import io.punchcard.campaign.engine.Limits;
import io.punchcard.campaign.engine.Lifecycle;
import io.punchcard.campaign.engine.Trigger;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Campaign effects on a real PostgreSQL: an occurrence planned twice is planned once, a budget is never exceeded
 * however many workers take effects at once, and a worker's crash neither loses an effect nor counts its budget
 * twice. Each test works on campaigns of its own.
 */
@WithStores
class CampaignEffectsIT {

    private static final Instant NOW = Instant.parse("2027-05-01T10:00:00Z");
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final int MEMBERS = 10_000;

    private static Postgres pool;
    private static PgCampaigns campaigns;
    private static PgEffects effects;

    @BeforeAll
    static void open(TestPostgres postgres) {
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 8),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        campaigns = new PgCampaigns(pool.dbClient());
        effects = new PgEffects(pool.dbClient());
        new Tx(pool.dbClient()).transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_facts (member_id, updated_at) "
                    + "SELECT gen_random_uuid(), now() FROM generate_series(1, ?) ON CONFLICT DO NOTHING")) {
                ps.setInt(1, MEMBERS);
                return ps.executeUpdate();
            }
        });
    }

    /** Each test's effects end with it, so the next test's workers take only their own. */
    @AfterEach
    void endWhatIsLeft() {
        new Tx(pool.dbClient()).transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE campaign_effect SET state = 'SKIPPED', "
                    + "lease_owner = NULL, lease_until = NULL WHERE state IN ('PLANNED', 'CLAIMED')")) {
                return ps.executeUpdate();
            }
        });
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    private static String campaign(Limits.Budget budget, Action... actions) {
        String id = "c" + IDS.incrementAndGet();
        CampaignSpec spec = new CampaignSpec("test " + id, CampaignSpec.Family.RETAIN, null, null,
                new Trigger.Sweep(Trigger.SweepKind.INACTIVE, 60, null, null), List.of(actions),
                new Limits(budget, null), 10, null, null, null);
        assertInstanceOf(CampaignStore.Changed.class, campaigns.create(id, spec, Actor.named("test"), NOW));
        return id;
    }

    private static EffectStore.Plan everyone(String campaign, int holdout) {
        return new EffectStore.Plan(campaign, EffectStore.Sql.of("TRUE"), EffectStore.Sql.of("?", "run:1"), holdout, NOW);
    }

    @Test
    void aRunPlannedTwiceOrAtOnceByTwoInstancesIsPlannedOnceWithATenPercentHoldout() throws Exception {
        String id = campaign(Limits.Budget.NONE, new Action.AddTag("t"));
        List<Future<EffectStore.Planned>> both;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            both = pool.invokeAll(List.of(() -> effects.planRun(everyone(id, 10), "run:1", NOW),
                    () -> effects.planRun(everyone(id, 10), "run:1", NOW)));
        }
        List<EffectStore.Planned> planned = new ArrayList<>();
        for (Future<EffectStore.Planned> f : both) {
            planned.add(f.get());
        }
        EffectStore.Planned first = planned.stream().filter(p -> !p.existing()).findFirst().orElseThrow();
        assertTrue(planned.stream().anyMatch(EffectStore.Planned::existing), "the second found the first's run");
        assertEquals(MEMBERS, first.treated() + first.heldOut());
        assertTrue(first.heldOut() > 850 && first.heldOut() < 1150, "about 10% held out: " + first.heldOut());
        EffectStore.Counts counts = effects.counts(id);
        assertEquals(first.treated(), counts.planned());
        assertEquals(first.heldOut(), counts.heldOut());
        // The same occurrence planned member by member afterwards adds nobody.
        assertEquals(new EffectStore.Planned(0, 0, false), effects.plan(everyone(id, 10), NOW));
    }

    @Test
    void theHoldoutIsTheSameMembersWhicheverInstancePlansAndDiffersBetweenCampaigns() {
        String a = campaign(Limits.Budget.NONE, new Action.AddTag("t"));
        String b = campaign(Limits.Budget.NONE, new Action.AddTag("t"));
        effects.planRun(everyone(a, 10), "run:1", NOW);
        effects.planRun(everyone(b, 10), "run:1", NOW);
        Set<UUID> heldA = heldOut(a);
        Set<UUID> heldB = heldOut(b);
        Set<UUID> both = new HashSet<>(heldA);
        both.retainAll(heldB);
        // Independent buckets: about 10% of 10% are held out of both.
        assertTrue(both.size() < 200, "overlap " + both.size());
    }

    @Test
    void aBudgetIsNeverExceededWithFourWorkersTakingEffectsAtOnce() throws Exception {
        // 10 points each, 1,000 points: exactly 100 effects may go.
        String id = campaign(new Limits.Budget(1_000L, null, null), new Action.GrantPoints(10L, null));
        EffectStore.Plan plan = new EffectStore.Plan(id, EffectStore.Sql.of("TRUE"), EffectStore.Sql.of("?", "run:1"),
                0, NOW);
        effects.planRun(plan, "run:1", NOW);
        List<Effect> going = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService workers = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String owner = "worker-" + w;
                done.add(workers.submit(() -> {
                    while (true) {
                        List<Effect> claimed = effects.claim(owner, 300, NOW.plusSeconds(60), NOW).stream()
                                .filter(e -> e.campaign().equals(id)).toList();
                        if (claimed.isEmpty()) {
                            return;
                        }
                        going.addAll(effects.reserve(id, claimed, new EffectStore.Cost(10, 0, 0),
                                new Limits.Budget(1_000L, null, null), owner, NOW));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(100, going.size());
        assertEquals(100, new HashSet<>(going.stream().map(Effect::id).toList()).size(), "no effect taken twice");
        assertEquals(1_000, campaigns.find(id).orElseThrow().spent().points());
        assertEquals(MEMBERS - 100, effects.counts(id).overBudget());
    }

    @Test
    void aWorkersCrashLosesNoEffectAndCountsItsBudgetOnce() {
        String id = campaign(new Limits.Budget(null, 50L, null), new Action.IssueVoucher("FIVE-OFF"));
        effects.planRun(new EffectStore.Plan(id, EffectStore.Sql.of("f.member_id IN (SELECT member_id FROM member_facts "
                + "ORDER BY member_id LIMIT 20)"), EffectStore.Sql.of("?", "run:1"), 0, NOW), "run:1", NOW);
        EffectStore.Cost voucher = new EffectStore.Cost(0, 1, 0);
        List<Effect> first = mine(effects.claim("dies", 500, NOW.plusSeconds(30), NOW), id);
        assertEquals(20, effects.reserve(id, first, voucher, new Limits.Budget(null, 50L, null), "dies", NOW).size());
        // The worker dies here. After its lease, another takes the same effects, already counted.
        Instant later = NOW.plusSeconds(31);
        assertEquals(20, effects.recoverLeases(later) >= 20 ? 20 : -1);
        List<Effect> again = mine(effects.claim("lives", 500, later.plusSeconds(30), later), id);
        assertEquals(first.stream().map(Effect::key).toList(), again.stream().map(Effect::key).toList(),
                "the same keys, so the core answers what the dead worker asked");
        assertTrue(again.stream().allMatch(Effect::reserved));
        assertEquals(20, effects.reserve(id, again, voucher, new Limits.Budget(null, 50L, null), "lives", later).size());
        assertEquals(20, campaigns.find(id).orElseThrow().spent().vouchers());
        // Two are refused by the core: their budget goes back; the rest are done.
        effects.fail("lives", List.of(again.get(0).id(), again.get(1).id()), "member erased", voucher, later);
        effects.complete("lives", again.subList(2, 20).stream()
                .map(e -> new EffectStore.Done(e.id(), 0, UUID.randomUUID(), "CODE" + e.id(), 0)).toList(), later);
        assertEquals(18, campaigns.find(id).orElseThrow().spent().vouchers());
        EffectStore.Counts counts = effects.counts(id);
        assertEquals(18, counts.done());
        assertEquals(2, counts.failed());
        // The dead worker, back, can no longer settle what is not its own.
        effects.complete("dies", first.stream().map(e -> new EffectStore.Done(e.id(), 0, null, null, 0)).toList(), later);
        assertEquals(18, effects.counts(id).done());
    }

    @Test
    void aPausedCampaignsEffectsWaitAndCountNothing() {
        String id = campaign(Limits.Budget.NONE, new Action.AddTag("t"));
        effects.planRun(new EffectStore.Plan(id, EffectStore.Sql.of("f.member_id IN (SELECT member_id FROM member_facts "
                + "ORDER BY member_id LIMIT 5)"), EffectStore.Sql.of("?", "run:1"), 0, NOW), "run:1", NOW);
        List<Effect> claimed = mine(effects.claim("w", 500, NOW.plusSeconds(30), NOW), id);
        effects.release("w", claimed.stream().map(Effect::id).toList(), NOW.plusSeconds(600), "paused", NOW);
        assertEquals(List.of(), mine(effects.claim("w", 500, NOW.plusSeconds(30), NOW.plusSeconds(599)), id));
        assertEquals(5, mine(effects.claim("w", 500, NOW.plusSeconds(700), NOW.plusSeconds(600)), id).size());
    }

    @Test
    void everyChangeIsAuditedWithBeforeAndAfterAndAStaleVersionIsRefused() {
        String id = campaign(Limits.Budget.NONE, new Action.AddTag("t"));
        Campaign created = campaigns.find(id).orElseThrow();
        CampaignSpec renamed = new CampaignSpec("renamed", created.spec().family(), null, null, created.spec().trigger(),
                created.spec().actions(), null, null, null, null, null);
        Campaign updated = ((CampaignStore.Changed) campaigns.update(id, renamed, created.version(), Actor.named("anna"),
                NOW.plusSeconds(1))).campaign();
        assertEquals(new CampaignStore.VersionConflict(updated.version()),
                campaigns.update(id, renamed, created.version(), Actor.named("bob"), NOW.plusSeconds(2)));
        Campaign running = ((CampaignStore.Changed) campaigns.move(id, Lifecycle.Move.SCHEDULE, null, Actor.named("anna"),
                NOW.plusSeconds(3))).campaign();
        assertEquals(Campaign.Status.RUNNING, running.status());
        assertEquals(NOW.plusSeconds(3), running.runningSince());
        assertInstanceOf(CampaignStore.Refused.class, campaigns.delete(id, null, Actor.named("anna"), NOW.plusSeconds(4)));
        List<CampaignStore.AuditEntry> audit = campaigns.audit(id, 10);
        assertEquals(List.of("schedule", "update", "create"), audit.stream().map(CampaignStore.AuditEntry::action).toList());
        assertEquals("test " + id, audit.get(1).before().spec().name());
        assertEquals("renamed", audit.get(1).after().spec().name());
        assertEquals("anna", audit.get(0).actor());
    }

    private static List<Effect> mine(List<Effect> claimed, String campaign) {
        return claimed.stream().filter(e -> e.campaign().equals(campaign)).toList();
    }

    private static Set<UUID> heldOut(String campaign) {
        return new Tx(pool.dbClient()).read(c -> {
            Set<UUID> members = new HashSet<>();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT member_id FROM campaign_effect "
                    + "WHERE campaign = ? AND state = 'HELD_OUT'"), campaign);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(rs.getObject(1, UUID.class));
                }
            }
            return members;
        });
    }
}
