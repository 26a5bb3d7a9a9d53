package io.punchcard.campaign;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.helidon.dbclient.DbClient;
import io.helidon.webserver.http.HttpRouting;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.campaign.core.CoreConsents;
import io.punchcard.campaign.core.CoreKioskSessions;
import io.punchcard.campaign.core.CoreLink;
import io.punchcard.campaign.core.CoreMembers;
import io.punchcard.campaign.core.CoreProgramFacts;
import io.punchcard.campaign.core.FactsFollower;
import io.punchcard.campaign.core.FeedFollower;
import io.punchcard.campaign.email.SmtpSender;
import io.punchcard.campaign.http.SchedulerRoutes;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.DefaultTemplates;
import io.punchcard.campaign.message.Dispatcher;
import io.punchcard.campaign.message.Links;
import io.punchcard.campaign.message.MessagePlanner;
import io.punchcard.campaign.message.MessageSender;
import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.OptOuts;
import io.punchcard.campaign.message.WebhookSignature;
import io.punchcard.campaign.sms.SmsGatewaySender;
import io.punchcard.campaign.store.PgAudiences;
import io.punchcard.campaign.store.PgFacts;
import io.punchcard.campaign.store.PgFeedPositions;
import io.punchcard.campaign.store.PgMessages;
import io.punchcard.campaign.store.PgMessagingSettings;
import io.punchcard.campaign.store.PgOneTimeCodes;
import io.punchcard.campaign.store.PgSegments;
import io.punchcard.campaign.store.PgSendRate;
import io.punchcard.campaign.store.PgTemplates;
import io.punchcard.platform.ServerModule;
import io.punchcard.campaign.core.CoreCampaignGrants;
import io.punchcard.campaign.core.CoreEarningRules;
import io.punchcard.campaign.engine.CampaignOutcomes;
import io.punchcard.campaign.engine.CampaignTicker;
import io.punchcard.campaign.engine.EffectWorker;
import io.punchcard.campaign.store.CampaignEventTriggers;
import io.punchcard.campaign.store.DbClientDataSource;
import io.punchcard.campaign.store.PgCampaignActions;
import io.punchcard.campaign.store.PgCampaignOutcomes;
import io.punchcard.campaign.store.PgCampaigns;
import io.punchcard.campaign.store.PgEffects;
import io.punchcard.campaign.store.PgManagerAlerts;
import io.punchcard.campaign.store.SegmentAudiences;
import io.punchcard.campaign.store.TagRuleRefresher;

/**
 * The campaign engine as a server module, mounted by {@code app} or served alone by {@link Main}. Today it is the
 * delivery layer of messages: templates, durable messages sent by leased workers under the send rules, SMS
 * webhooks, one-click unsubscribes and one-time codes (docs/messages.md). Made in two steps: {@link #create} puts
 * its routes in place; {@link #start} connects it to the core and starts its workers, since in the all-in-one
 * app the core's address is known only once the server listens.
 */
public final class CampaignScheduler implements ServerModule, AutoCloseable {

    /** Its own schema, in the core's database or another: it never reads the core's tables. */
    public static final String SCHEMA = "scheduler";
    public static final String MIGRATIONS = "classpath:db/migration/scheduler";

    private static final System.Logger LOG = System.getLogger(CampaignScheduler.class.getName());

    private final SchedulerSettings settings;
    private final CoreLink core = new CoreLink();
    private final PgMessages messages;
    private final PgMessagingSettings rules;
    private final PgTemplates templates;
    private final MessagePlanner planner;
    private final Dispatcher dispatcher;
    private final FeedFollower follower;
    private final PgFacts facts;
    private final FactsFollower factsFollower;
    private final OptOuts optOuts;
    private final Map<Channel, MessageSender> senders;
    private final SchedulerRoutes routes;
    private final EffectWorker effectWorker;
    private final CampaignTicker ticker;
    private final DbClient db;
    private com.github.kagkarlsson.scheduler.Scheduler clockWork;
    private final Thread consentSync;
    private volatile boolean running;

    private CampaignScheduler(SchedulerSettings settings, DbClient db, Map<Channel, MessageSender> senders, Clock clock) {
        this.settings = settings;
        this.senders = senders;
        // ICU's classes initialised here, on a platform thread, never first by two virtual threads at once.
        io.punchcard.campaign.message.FactValues.warmUp();
        this.messages = new PgMessages(db);
        this.rules = new PgMessagingSettings(db, clock, settings.initialRules());
        this.templates = new PgTemplates(db, clock);
        DefaultTemplates.all().forEach(t -> {
            if (templates.find(t.code()).isEmpty()) {
                templates.save(t, null, "defaults");
            }
        });
        Links links = new Links(settings.publicUrl(), rules.linkSecret());
        Supplier<Links> linkSupplier = () -> links;
        CoreProgramFacts program = new CoreProgramFacts(core, clock);
        CoreMembers members = new CoreMembers(core, program, settings.defaultLanguage());
        this.planner = new MessagePlanner(messages, rules, clock);
        this.optOuts = new OptOuts(messages, new CoreConsents(core), clock);
        this.dispatcher = new Dispatcher(settings.dispatcher().named(owner()), messages, members, templates, senders,
                new PgSendRate(db), rules, linkSupplier, clock);
        this.follower = new FeedFollower(core, program, planner, new PgFeedPositions(db), settings.occasions(), clock,
                settings.feedPoll());
        this.db = db;
        Supplier<ZoneId> programZone = () -> program.current().zone();
        PgSegments segments = new PgSegments(db, clock);
        SegmentAudiences audiences = new SegmentAudiences(segments, programZone);
        PgCampaigns campaigns = new PgCampaigns(db);
        PgEffects effects = new PgEffects(db);
        PgManagerAlerts alerts = new PgManagerAlerts(db);
        SchedulerSettings.CampaignsConfig campaignSettings = settings.campaigns();
        this.effectWorker = new EffectWorker(new EffectWorker.Settings(owner(), campaignSettings.batch(),
                campaignSettings.workers(), campaignSettings.lease(), campaignSettings.idle()), effects, campaigns::find,
                new CoreCampaignGrants(core), planner, new PgCampaignActions(db), clock);
        this.ticker = new CampaignTicker(campaigns, effects, audiences, new CoreEarningRules(core, programZone),
                () -> new CampaignTicker.Zones(program.current().zone(), program.current()::zoneOf), clock)
                .emailingAlerts(alerts, campaignSettings.digestAt(), campaignSettings::alertsTo)
                .alsoRunning(new TagRuleRefresher(segments, new PgAudiences(db), programZone)::refreshDue);
        this.facts = new PgFacts(db, clock, new CampaignEventTriggers(audiences, programZone, clock));
        this.factsFollower = new FactsFollower(core, () -> program.current().zone(), facts, clock, settings.facts());
        OneTimeCodes codes = new OneTimeCodes(new PgOneTimeCodes(db), new CoreKioskSessions(core), clock,
                DefaultTemplates.ONE_TIME_CODE, settings.codesPerKiosk());
        Optional<WebhookSignature> signature = settings.smsWebhookSecrets().isEmpty() ? Optional.empty()
                : Optional.of(new WebhookSignature(settings.smsWebhookSecrets(), clock));
        this.routes = new SchedulerRoutes(core, clock, messages, templates, rules, planner, members, optOuts, codes,
                senders.containsKey(Channel.SMS), signature, linkSupplier, segments,
                new PgAudiences(db), programZone, facts,
                new SchedulerRoutes.Campaigns(campaigns, effects, new PgCampaignOutcomes(db),
                        () -> new CampaignOutcomes.CostRates(campaignSettings.pointValueMinor(),
                                campaignSettings.emailMinor(), campaignSettings.smsMinor()),
                        () -> new SchedulerRoutes.StarterContext(program.current().zone(), topTier(program)),
                        audiences, alerts));
        this.consentSync = Thread.ofVirtual().name("messages-consents").unstarted(this::syncConsents);
    }

    /**
     * Opens the scheduler on its schema (migrated by the caller: {@link #MIGRATIONS} in {@link #SCHEMA}) with the
     * providers {@code settings} name; nothing runs until {@link #start}.
     */
    public static CampaignScheduler create(SchedulerSettings settings, DbClient db, Clock clock) {
        Map<Channel, MessageSender> senders = new EnumMap<>(Channel.class);
        settings.smtp().ifPresent(smtp -> senders.put(Channel.EMAIL, new SmtpSender(smtp, clock)));
        settings.smsGateway().ifPresent(gateway -> senders.put(Channel.SMS, new SmsGatewaySender(gateway, clock)));
        return create(settings, db, senders, clock);
    }

    /** As {@link #create(SchedulerSettings, DbClient, Clock)}, with the providers given. */
    public static CampaignScheduler create(SchedulerSettings settings, DbClient db, Map<Channel, MessageSender> senders,
                                           Clock clock) {
        return new CampaignScheduler(settings, db, Map.copyOf(senders), clock);
    }

    /** Connects to the core with {@code client} (a CONNECTOR key) and starts the workers. */
    public synchronized CampaignScheduler start(PunchcardClient client) {
        core.connect(client);
        running = true;
        dispatcher.start();
        follower.start();
        factsFollower.start();
        effectWorker.start();
        // The clock's work runs on one instance of the cluster at a time, from db-scheduler's table.
        var tick = com.github.kagkarlsson.scheduler.task.helper.Tasks.recurring("campaign-tick",
                        com.github.kagkarlsson.scheduler.task.schedule.FixedDelay.of(settings.campaigns().tick()))
                .execute((instance, context) -> ticker.tick());
        clockWork = com.github.kagkarlsson.scheduler.Scheduler.create(new DbClientDataSource(db))
                .startTasks(tick)
                .threads(1)
                .pollingInterval(Duration.ofSeconds(Math.max(1, Math.min(10, settings.campaigns().tick().toSeconds()))))
                .build();
        clockWork.start();
        consentSync.start();
        for (Channel channel : Channel.values()) {
            if (!senders.containsKey(channel)) {
                LOG.log(System.Logger.Level.WARNING, "No " + channel + " provider is configured: " + channel
                        + " messages wait in the queue, each up to its maximum age, until one is (docs/messages.md).");
            }
        }
        return this;
    }

    private void syncConsents() {
        while (running) {
            try {
                optOuts.syncPending();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Consent changes not taken to the core yet: " + e.getMessage());
            }
            try {
                Thread.sleep(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The program's highest tier, which the tier-up starter greets. */
    private static String topTier(CoreProgramFacts program) {
        java.util.List<String> tiers = new java.util.ArrayList<>(program.current().tierNames().keySet());
        return tiers.isEmpty() ? "GOLD" : tiers.getLast();
    }

    /** Runs the clock's campaign work once now (tests, and the command line). */
    public void tickCampaigns() {
        ticker.tick();
    }

    /** Carries out one batch of campaign effects now; how many it took (tests). */
    public int runCampaignEffects() {
        return effectWorker.runOnce();
    }

    /** This process's name in leases: which host and process holds a message, for a person reading the table. */
    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public String name() {
        return "campaign-scheduler";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routes.register(routing);
    }

    @Override
    public List<Link> links() {
        return List.of(new Link("Messages", "/scheduler/v1/openapi"));
    }

    public SchedulerSettings settings() {
        return settings;
    }

    public PgMessages messages() {
        return messages;
    }

    public PgMessagingSettings rules() {
        return rules;
    }

    /** Plans messages as campaigns will: a cause planned twice is one message. */
    public MessagePlanner planner() {
        return planner;
    }

    /** The read model of the events feed: member facts, purchases, campaign rule points. */
    public PgFacts facts() {
        return facts;
    }

    public PgTemplates templates() {
        return templates;
    }

    /** Stops taking new work, lets the sends under way finish, and closes the providers' connections. */
    @Override
    public synchronized void close() {
        running = false;
        consentSync.interrupt();
        if (clockWork != null) {
            clockWork.stop();
        }
        effectWorker.close();
        follower.close();
        factsFollower.close();
        dispatcher.close();
        senders.values().forEach(sender -> {
            if (sender instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.DEBUG, "Provider not closed cleanly: " + e.getMessage());
                }
            }
        });
    }

}
