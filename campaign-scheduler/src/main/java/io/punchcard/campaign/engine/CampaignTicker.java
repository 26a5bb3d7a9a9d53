package io.punchcard.campaign.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the clock does for campaigns, run every minute by one instance of the cluster at a time (db-scheduler):
 * starts and finishes campaigns on their dates, keeps earning campaigns' rules in the core's program while they
 * run, plans scheduled runs as they come due and the daily sweeps. Each step plans under a name (the run, the
 * day's sweep, the member's birthday year) so a tick repeated — by a second instance, after a crash — plans nothing
 * twice. A step that fails (the core is down) is tried again at the next tick.
 */
public final class CampaignTicker {

    /**
     * The zones campaigns are read in.
     *
     * @param program the program's zone
     * @param stores  a store's zone, else the program's
     */
    public record Zones(ZoneId program, Function<String, ZoneId> stores) {
    }

    private static final System.Logger LOG = System.getLogger(CampaignTicker.class.getName());

    private final CampaignStore campaigns;
    private final EffectStore effects;
    private final AudienceSql audiences;
    private final CoreEarning earning;
    private final Supplier<Zones> zones;
    private final Clock clock;
    private ManagerAlerts alerts;
    private LocalTime digestAt = LocalTime.of(8, 0);
    private java.util.function.Function<String, String> alertsTo = store -> null;
    private java.util.function.Consumer<Instant> daily = now -> {
    };

    public CampaignTicker(CampaignStore campaigns, EffectStore effects, AudienceSql audiences, CoreEarning earning,
                          Supplier<Zones> zones, Clock clock) {
        this.campaigns = campaigns;
        this.effects = effects;
        this.audiences = audiences;
        this.earning = earning;
        this.zones = zones;
        this.clock = clock;
    }

    /**
     * Sends store managers their alerts once a day at {@code at} in the program's zone, to the address {@code to}
     * gives for a store (null: the store's alerts are only listed).
     */
    public CampaignTicker emailingAlerts(ManagerAlerts alerts, LocalTime at,
                                         java.util.function.Function<String, String> to) {
        this.alerts = alerts;
        this.digestAt = at;
        this.alertsTo = to;
        return this;
    }

    /** Also runs {@code work} at each tick (work that keeps itself to once a day, such as tag rules' refresh). */
    public CampaignTicker alsoRunning(java.util.function.Consumer<Instant> work) {
        this.daily = work;
        return this;
    }

    /** One tick at the clock's now. */
    public void tick() {
        Instant now = clock.instant();
        campaigns.tick(now);
        List<Campaign> all = campaigns.list();
        step("earning rules", () -> keepEarningRules(all, now));
        step("tag rules", () -> daily.accept(now));
        Zones zone = zones.get();
        if (alerts != null) {
            step("managers' alerts", () -> {
                LocalDate today = LocalDate.ofInstant(now, zone.program());
                java.time.ZonedDateTime digest = today.atTime(digestAt).atZone(zone.program());
                // From the digest time on, the first tick that finds alerts sends them: one e-mail per store and day,
                // so what comes later that day waits for tomorrow's.
                if (!now.isBefore(digest.toInstant())) {
                    alerts.planDigests(today, now, alertsTo, now);
                }
            });
        }
        for (Campaign campaign : all) {
            if (campaign.status() != Campaign.Status.RUNNING) {
                continue;
            }
            step("campaign " + campaign.id(), () -> {
                switch (campaign.spec().trigger()) {
                    case Trigger.OnSchedule schedule -> runSchedule(campaign, schedule, zone, now);
                    case Trigger.Sweep sweep -> sweep(campaign, sweep, zone.program(), now);
                    case Trigger.OnEvent ignored -> {
                        // Planned by the facts follower as the events arrive.
                    }
                    case Trigger.Earning ignored -> {
                        // Acts at the till through its rule.
                    }
                }
            });
        }
    }

    /** Puts the rules of running earning campaigns in the program and takes out those of any other. */
    void keepEarningRules(List<Campaign> all, Instant now) {
        Set<String> installed = new HashSet<>(earning.installed());
        for (Campaign campaign : all) {
            if (!(campaign.spec().trigger() instanceof Trigger.Earning rule)) {
                continue;
            }
            boolean wanted = campaign.status() == Campaign.Status.RUNNING;
            if (wanted) {
                // Put every tick it runs: an edit of the rule reaches the program within a minute.
                earning.install(campaign.id(), rule, campaign.spec().startsAt(), campaign.spec().endsAt());
            } else if (installed.contains(campaign.id())) {
                earning.remove(campaign.id());
            }
            installed.remove(campaign.id());
        }
        // Rules of campaigns deleted or unknown here are not the program's to keep.
        installed.forEach(earning::remove);
    }

    /**
     * Plans a schedule's run once it is due. When several came due while no instance ticked (all were down), only
     * the latest is planned: members get the run they would have got last, not a burst of stale ones.
     */
    private void runSchedule(Campaign campaign, Trigger.OnSchedule schedule, Zones zone, Instant now) {
        ZoneId storeZone = schedule.store() == null ? zone.program() : zone.stores().apply(schedule.store());
        Instant next = campaign.nextRunAt() != null ? campaign.nextRunAt()
                : Schedules.next(schedule, storeZone, campaign.runningSince() == null ? now : campaign.runningSince())
                .orElse(null);
        Instant due = null;
        while (next != null && !next.isAfter(now)) {
            due = next;
            next = Schedules.next(schedule, storeZone, next.plusSeconds(1)).orElse(null);
        }
        if (due != null) {
            String run = Schedules.occurrence(due, storeZone);
            String occurrence = Occurrences.ofRun(campaign.spec().perMember(), run, LocalDate.ofInstant(due, storeZone));
            EffectStore.Sql where = audiences.where(campaign.spec().audience(), now);
            effects.planRun(new EffectStore.Plan(campaign.id(), where, EffectStore.Sql.of("?", occurrence),
                    campaign.spec().holdoutPercent(), now), run, now);
        }
        if (!java.util.Objects.equals(next, campaign.nextRunAt())) {
            campaigns.nextRun(campaign.id(), campaign.version(), next);
        }
    }

    private void sweep(Campaign campaign, Trigger.Sweep sweep, ZoneId programZone, Instant now) {
        Limits.PerMember limit = campaign.spec().perMember();
        EffectStore.Sql audience = audiences.where(campaign.spec().audience(), now);
        if (sweep.sweep() == Trigger.SweepKind.BIRTHDAY) {
            // Every tick: members' days begin at different hours around the world.
            Sweeps.Selection selection = Sweeps.birthdays(sweep, limit, now, programZone);
            effects.plan(new EffectStore.Plan(campaign.id(), audience.and(selection.where()), selection.occurrence(),
                    campaign.spec().holdoutPercent(), now), now);
            return;
        }
        // The other sweeps once a day, from their time of day in the program's zone.
        LocalDate today = LocalDate.ofInstant(now, programZone);
        if (LocalTime.ofInstant(now, programZone).isBefore(sweep.time())) {
            return;
        }
        Sweeps.Selection selection = sweep.sweep() == Trigger.SweepKind.INACTIVE
                ? Sweeps.inactive(sweep, limit, now, programZone)
                : Sweeps.pointsExpiring(sweep, limit, now, programZone);
        effects.planRun(new EffectStore.Plan(campaign.id(), audience.and(selection.where()), selection.occurrence(),
                campaign.spec().holdoutPercent(), now), "sweep:" + today, now);
    }

    private static void step(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Campaign tick: " + what + " not done this time: " + e.getMessage());
        }
    }
}
