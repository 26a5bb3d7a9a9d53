package io.punchcard.campaign.http;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.webserver.http.HttpRouting;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.campaign.message.Links;
import io.punchcard.campaign.message.MemberDirectory;
import io.punchcard.campaign.message.MessagePlanner;
import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.OptOuts;
import io.punchcard.campaign.message.WebhookSignature;
import io.punchcard.campaign.store.PgAudiences;
import io.punchcard.campaign.engine.AudienceSql;
import io.punchcard.campaign.engine.CampaignOutcomes;
import io.punchcard.campaign.engine.CampaignStore;
import io.punchcard.campaign.engine.EffectStore;
import io.punchcard.campaign.engine.ManagerAlerts;
import io.punchcard.campaign.store.PgFacts;
import io.punchcard.campaign.store.PgMessages;
import io.punchcard.campaign.store.PgMessagingSettings;
import io.punchcard.campaign.store.PgSegments;
import io.punchcard.campaign.store.PgTemplates;
import io.punchcard.platform.http.OpenApiDocument;

/**
 * The scheduler's HTTP API under {@code /scheduler/v1} (described at {@code /scheduler/v1/openapi}) and the
 * unsubscribe pages under {@code /unsubscribe}: paths of their own, so that in the all-in-one app they sit beside
 * the core's {@code /api/v1} and behind a reverse proxy they route to the scheduler by prefix.
 */
public final class SchedulerRoutes {

    public static final String OPENAPI = "/campaign-scheduler/openapi.yaml";

    private final TemplatesService templates;
    private final CampaignsService campaigns;
    private final AlertsService alerts;
    private final MessagesService messages;
    private final SettingsService settings;
    private final SmsWebhooks sms;
    private final OneTimeCodesService codes;
    private final UnsubscribeService unsubscribe;
    private final FactsService facts;
    private final SegmentsService segments;
    private final TagsService tags;

    public SchedulerRoutes(Supplier<PunchcardClient> core, Clock clock, PgMessages messages, PgTemplates templates,
                           PgMessagingSettings rules, MessagePlanner planner, MemberDirectory members, OptOuts optOuts,
                           OneTimeCodes codes, boolean smsConfigured, Optional<WebhookSignature> signature,
                           Supplier<Links> links, PgSegments segments, PgAudiences audiences,
                           Supplier<ZoneId> programZone, PgFacts facts, Campaigns campaigns) {
        Callers callers = new Callers(core, clock);
        MemberScope scope = new MemberScope(facts);
        this.templates = new TemplatesService(templates, members, callers, links);
        this.messages = new MessagesService(messages, templates, planner, callers, scope, clock);
        this.settings = new SettingsService(rules, callers);
        this.sms = new SmsWebhooks(signature, messages, members, optOuts, clock);
        this.codes = new OneTimeCodesService(codes, callers, clock, smsConfigured);
        this.unsubscribe = new UnsubscribeService(links, optOuts);
        this.facts = new FactsService(facts, callers, scope);
        RuleInput ruleInput = new RuleInput(clock, programZone);
        this.segments = new SegmentsService(segments, audiences, callers, ruleInput, clock);
        this.tags = new TagsService(segments, audiences, callers, scope, ruleInput, clock);
        this.campaigns = new CampaignsService(campaigns.store(), campaigns.effects(), campaigns.outcomes(),
                campaigns.rates(), callers, campaigns.starters(), campaigns.audiences(), clock);
        this.alerts = new AlertsService(campaigns.alerts(), callers);
    }

    /**
     * What the campaign routes work on.
     *
     * @param starters the program's zone and top tier, for the 3R starters
     * @param audiences to check a campaign's audience before it is saved
     */
    public record Campaigns(CampaignStore store, EffectStore effects, CampaignOutcomes outcomes,
                            Supplier<CampaignOutcomes.CostRates> rates, Supplier<StarterContext> starters,
                            AudienceSql audiences, ManagerAlerts alerts) {
    }

    /** Where the 3R starters are read: the program's zone now, and its highest tier. */
    public record StarterContext(ZoneId zone, String topTier) {
    }

    public void register(HttpRouting.Builder routing) {
        routing.register("/scheduler/v1/templates", templates)
                .register("/scheduler/v1/settings", settings)
                .register("/scheduler/v1/sms", sms)
                .register("/scheduler/v1/one-time-codes", codes)
                .register("/scheduler/v1/qr", new QrService())
                .register("/scheduler/v1/openapi", new OpenApiDocument(OPENAPI))
                .register("/scheduler/v1/segments", segments)
                .register("/scheduler/v1/campaigns", campaigns)
                .register("/scheduler/v1/campaign-templates", campaigns.starters())
                .register("/scheduler/v1/alerts", alerts)
                .register("/scheduler/v1", facts, messages, tags)
                .register("/unsubscribe", unsubscribe);
    }
}
