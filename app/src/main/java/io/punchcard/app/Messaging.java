package io.punchcard.app;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.SchedulerSettings;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/**
 * Messages in the all-in-one app: the campaign scheduler on the core's PostgreSQL (its own schema), and, in a run
 * on the embedded stores, for whichever provider is not configured, a stand-in that shows what would have gone
 * out: the {@link MailCatcher} at {@code /mail} instead of an SMTP server, the {@link SmsLog} ({@code sms.log})
 * instead of an SMS gateway. A run on the operator's own PostgreSQL and Redis gets no stand-in: there, a message
 * without a provider waits in the queue until one is configured, where a stand-in would mark it sent and lose it.
 * Made in two steps like the scheduler: {@link #open} before the server (its routes), {@link #start} once the
 * server listens (the scheduler reaches the core over HTTP, as it does when run alone).
 */
final class Messaging {

    /** The scheduler's share of connections: a few workers per channel and its API, beside the core's pool. */
    private static final int MAX_POOL_SIZE = 10;

    private final CampaignScheduler scheduler;
    private final MailCatcher mail;
    private final SmsLog sms;
    private final Path folder;
    private final URI local;
    private final String configuredKey;

    private Messaging(CampaignScheduler scheduler, MailCatcher mail, SmsLog sms, Path folder, URI local,
                      String configuredKey) {
        this.scheduler = scheduler;
        this.mail = mail;
        this.sms = sms;
        this.folder = folder;
        this.local = local;
        this.configuredKey = configuredKey;
    }

    /**
     * Opens the scheduler's schema and makes the scheduler, with the stand-ins its configuration calls for.
     *
     * @param folder where the stand-ins and the scheduler's secrets are kept (the data folder); null when the
     *               stores are the operator's own, and then no stand-in starts
     * @param local  this server as the app itself calls it, e.g. {@code http://127.0.0.1:8080}
     * @param port   the server's port, known before it listens: members' links name it
     */
    static Messaging open(Config config, PostgresSettings db, Path folder, URI local, int port, Lifecycle lifecycle) {
        Config messages = config.get("messages");
        URI fallbackPublicUrl = URI.create("http://localhost:" + port);
        // Read once as configured, so a mistake stops the start before anything of messages runs.
        URI publicUrl = SchedulerSettings.from(messages, fallbackPublicUrl).publicUrl();
        Map<String, String> standIns = new HashMap<>();
        MailCatcher mail = null;
        if (folder != null && !messages.get("email.smtp.host").exists()) {
            mail = lifecycle.add("mail catcher", MailCatcher.start(folder.resolve("mail"), publicUrl));
            standIns.putAll(mail.smtpSettings());
            if (!messages.get("rules.quiet-hours").exists()) {
                // A trial shows its welcome e-mail at once, day or night; this is the initial rule of a new
                // installation only, and staff set quiet hours with PUT /scheduler/v1/settings.
                standIns.put("rules.quiet-hours.start", "00:00");
                standIns.put("rules.quiet-hours.end", "00:00");
            }
            if (!messages.get("campaigns.alerts.to").exists() && !messages.get("campaigns.alerts.stores").exists()) {
                // Store managers' daily alerts land in the catcher too, so a trial sees what a manager would.
                standIns.put("campaigns.alerts.to", "store-manager@demo.shop");
            }
        }
        SmsLog sms = null;
        if (folder != null && !messages.get("sms.gateway.url").exists()) {
            String secret = DemoStore.kept(folder.resolve("scheduler").resolve("sms-webhook-secret"),
                    kept -> kept.length() >= 32, Messaging::secret);
            sms = lifecycle.add("SMS log", new SmsLog(folder.resolve("sms.log"), secret,
                    local.resolve(SmsLog.RECEIPTS_PATH), Clock.systemUTC()));
            standIns.putAll(sms.gatewaySettings(local.resolve(SmsLog.PATH)));
            standIns.put("sms.webhook-secret", secret);
        }
        Config withStandIns = !messages.exists() ? Config.just(ConfigSources.create(standIns))
                : Config.just(ConfigSources.create(standIns), ConfigSources.create(messages.detach()));
        SchedulerSettings settings = SchedulerSettings.from(standIns.isEmpty() ? messages : withStandIns,
                fallbackPublicUrl);
        Postgres pool = lifecycle.add("scheduler's PostgreSQL pool", Postgres.openSchema(new PostgresSettings(db.url(),
                db.username(), db.password(), Math.min(db.poolSize(), MAX_POOL_SIZE), db.connectionTimeoutMillis()),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS));
        CampaignScheduler scheduler = lifecycle.add("campaign scheduler",
                CampaignScheduler.create(settings, pool.dbClient(), Clock.systemUTC()));
        return new Messaging(scheduler, mail, sms, folder, local,
                config.get("scheduler.core-api-key").asString().filter(key -> !key.isBlank()).orElse(null));
    }

    /** What the server mounts: the scheduler's routes, and the stand-ins' pages. */
    List<ServerModule> modules() {
        List<ServerModule> modules = new ArrayList<>(List.of(scheduler));
        if (mail != null) {
            modules.add(mail);
        }
        if (sms != null) {
            modules.add(sms);
        }
        return modules;
    }

    /**
     * Connects the scheduler to the core with a CONNECTOR key: {@code scheduler.core-api-key} when configured (as
     * the scheduler alone reads it); else one kept in {@code <data>/scheduler/core-api-key}, as the connectors keep
     * theirs, so restarts reuse it; else, on the operator's own stores with no data folder, one made at this start
     * (earlier ones are left alone: revoking is the operator's, with the core's API keys).
     */
    void start(LoyaltyService core) {
        String key;
        if (configuredKey != null) {
            key = configuredKey;
        } else if (folder != null) {
            key = DemoStore.kept(folder.resolve("scheduler").resolve("core-api-key"),
                    token -> core.apiKeys().verify(token).isPresent(), () -> fresh(core));
        } else {
            key = fresh(core);
        }
        scheduler.start(new PunchcardClient(PunchcardClient.Settings.of(local, key)));
    }

    private static String fresh(LoyaltyService core) {
        return core.apiKeys().create("campaign scheduler", Scope.CONNECTOR, null).token();
    }

    /** The banner's lines about the stand-ins, for a server on {@code port}. */
    List<String> banner(int port) {
        List<String> lines = new ArrayList<>();
        if (mail != null) {
            lines.add("Mail        http://localhost:" + port + MailCatcher.PATH
                    + "  (the local mail catcher: welcome e-mails land here)");
        }
        if (sms != null) {
            lines.add("SMS log     " + sms.file() + "  (the local SMS gateway: text messages are written here)");
        }
        return lines;
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
