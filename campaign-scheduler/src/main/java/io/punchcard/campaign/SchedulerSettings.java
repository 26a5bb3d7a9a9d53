package io.punchcard.campaign;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;

import io.punchcard.campaign.core.FactsFollower;
import io.punchcard.campaign.email.SmtpSettings;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.Dispatcher;
import io.punchcard.campaign.message.MessagingSettings;
import io.punchcard.campaign.message.Occasions;
import io.punchcard.campaign.message.OneTimeCodes;
import io.punchcard.campaign.message.RetrySchedule;
import io.punchcard.campaign.sms.SmsGatewaySettings;
import io.punchcard.platform.StartupException;

/**
 * The scheduler's settings, read from the {@code messages} node of the configuration (and the environment:
 * {@code MESSAGES_PUBLIC_dash_URL} is {@code messages.public-url}). Every key and its default is in
 * {@code campaign-scheduler.yaml}.
 *
 * @param publicUrl       where members' mail clients reach the scheduler (unsubscribe links, QR images)
 * @param defaultLanguage the language of members who never said theirs
 * @param dispatcher      how the workers run
 * @param initialRules    the send rules of a new installation (staff change them through the API afterwards)
 * @param occasions       the messages sent on their own (welcome, e-receipt)
 * @param smtp            the SMTP server; empty: e-mail waits in the queue until one is configured
 * @param smsGateway      the SMS gateway; empty: SMS waits in the queue
 * @param smsWebhookSecrets the secrets the gateway signs receipts and replies with (the first signs, all verify)
 * @param feedPoll        how often the core's events feed is read for messages
 * @param facts           how the read model follows the feed ({@code facts.poll-millis}, {@code facts.page-size})
 * @param campaigns       how campaigns run ({@code campaigns.*})
 * @param codesPerKiosk   the most one-time codes one kiosk key gets per quarter of an hour
 *                        ({@code one-time-codes.per-kiosk})
 */
public record SchedulerSettings(URI publicUrl, Locale defaultLanguage, DispatcherConfig dispatcher,
                                MessagingSettings initialRules, Occasions occasions, Optional<SmtpSettings> smtp,
                                Optional<SmsGatewaySettings> smsGateway, List<byte[]> smsWebhookSecrets,
                                Duration feedPoll, FactsFollower.Settings facts, CampaignsConfig campaigns,
                                int codesPerKiosk) {

    public SchedulerSettings {
        if (codesPerKiosk < 1) {
            throw new IllegalArgumentException("one-time-codes.per-kiosk must be at least 1");
        }
    }

    /**
     * How campaigns run and what their spend is worth.
     *
     * @param batch           effects a worker takes at once (the core's batches hold 1000)
     * @param workers         effect workers per instance, each taking its own batches (1 to 16)
     * @param lease           how long a worker holds them; a worker that dies gives them back after it
     * @param idle            how long a worker waits when there is nothing to do
     * @param tick            how often the clock's work runs (starts, ends, schedules, sweeps)
     * @param pointValueMinor what one point costs the retailer, in minor units (results)
     * @param emailMinor      what one e-mail costs (results)
     * @param smsMinor        what one text message costs (results)
     * @param alertsTo        where store managers' alerts are e-mailed: per store code, and under "" for stores
     *                        without an address of their own (empty: alerts are only listed)
     * @param digestAt        the time of day (program's zone) the alerts of the day before go out
     */
    public record CampaignsConfig(int batch, int workers, Duration lease, Duration idle, Duration tick,
                                  java.math.BigDecimal pointValueMinor, java.math.BigDecimal emailMinor,
                                  java.math.BigDecimal smsMinor, Map<String, String> alertsTo, LocalTime digestAt) {

        /** The most effect workers an instance runs: each holds a connection while it writes. */
        public static final int MAX_WORKERS = 16;

        /** The address a store's alerts go to, or null. */
        public String alertsTo(String store) {
            return store != null && alertsTo.containsKey(store) ? alertsTo.get(store) : alertsTo.get("");
        }

        public CampaignsConfig {
            if (batch < 1 || batch > 1000) {
                throw new IllegalArgumentException("campaigns.batch must be 1 to 1000");
            }
            if (workers < 1 || workers > MAX_WORKERS) {
                throw new IllegalArgumentException("campaigns.workers must be 1 to " + MAX_WORKERS);
            }
            if (lease.toSeconds() < 10 || idle.isNegative() || tick.toSeconds() < 1) {
                throw new IllegalArgumentException("campaigns.lease-seconds must be at least 10 and "
                        + "campaigns.tick-seconds at least 1");
            }
            if (pointValueMinor.signum() < 0 || emailMinor.signum() < 0 || smsMinor.signum() < 0) {
                throw new IllegalArgumentException("campaigns.cost values must not be negative");
            }
        }
    }

    /** The dispatcher's settings, less the instance's name, which is made at each start. */
    public record DispatcherConfig(int workersPerChannel, int batch, int handOverGroup, Duration lease,
                                   Duration idlePoll, RetrySchedule retry, Duration coreRetry) {

        Dispatcher.Settings named(String owner) {
            return new Dispatcher.Settings(owner, workersPerChannel, batch, handOverGroup, lease, idlePoll, retry,
                    coreRetry);
        }
    }

    /** Reads {@code messages}; {@code fallbackPublicUrl} when {@code public-url} is not set. */
    public static SchedulerSettings from(Config messages, URI fallbackPublicUrl) {
        try {
            URI publicUrl = messages.get("public-url").asString().map(URI::create).orElse(fallbackPublicUrl);
            Locale language = Locale.forLanguageTag(messages.get("default-language").asString().orElse("en"));
            Config retry = messages.get("retry");
            DispatcherConfig dispatcher = new DispatcherConfig(
                    messages.get("workers-per-channel").asInt().orElse(4),
                    messages.get("batch").asInt().orElse(100),
                    messages.get("hand-over-group").asInt().orElse(10),
                    Duration.ofSeconds(messages.get("lease-seconds").asInt().orElse(60)),
                    Duration.ofMillis(messages.get("idle-poll-millis").asInt().orElse(250)),
                    new RetrySchedule(Duration.ofMillis(retry.get("first-millis").asLong().orElse(30_000L)), 2.0, 0.2,
                            Duration.ofMillis(retry.get("max-millis").asLong().orElse(3_600_000L)),
                            retry.get("attempts").asInt().orElse(12)),
                    Duration.ofMillis(messages.get("core-retry-millis").asLong().orElse(30_000L)));
            Config rules = messages.get("rules");
            MessagingSettings defaults = MessagingSettings.defaults();
            MessagingSettings initial = new MessagingSettings(
                    new io.punchcard.campaign.message.FrequencyCap(
                            rules.get("frequency-cap.max-messages").asInt().orElse(defaults.frequencyCap().maxMessages()),
                            rules.get("frequency-cap.days").asInt().orElse(defaults.frequencyCap().days())),
                    new io.punchcard.campaign.message.QuietHours(
                            time(rules.get("quiet-hours.start"), defaults.quietHours().start()),
                            time(rules.get("quiet-hours.end"), defaults.quietHours().end())),
                    Map.of(Channel.EMAIL, rules.get("rate-per-second.email").asInt()
                                    .orElse(defaults.ratePerSecond(Channel.EMAIL)),
                            Channel.SMS, rules.get("rate-per-second.sms").asInt()
                                    .orElse(defaults.ratePerSecond(Channel.SMS))),
                    Duration.ofMinutes(rules.get("marketing-max-age-minutes").asLong()
                            .orElse(defaults.marketingMaxAge().toMinutes())),
                    Duration.ofMinutes(rules.get("transactional-max-age-minutes").asLong()
                            .orElse(defaults.transactionalMaxAge().toMinutes())));
            Occasions occasions = new Occasions(
                    messages.get("welcome.enabled").asBoolean().orElse(true),
                    messages.get("welcome.template").asString().orElse("welcome"),
                    messages.get("receipt.enabled").asBoolean().orElse(true),
                    messages.get("receipt.template").asString().orElse("e-receipt"),
                    messages.get("receipt.tag").asString().orElse("e-receipt"),
                    Duration.ofHours(messages.get("occasions-max-age-hours").asLong().orElse(24L)));
            Config smtp = messages.get("email.smtp");
            Optional<SmtpSettings> smtpSettings = smtp.get("host").exists()
                    ? Optional.of(SmtpSettings.from(key -> smtp.get(key).asString().asOptional()))
                    : Optional.empty();
            Config gateway = messages.get("sms.gateway");
            Optional<SmsGatewaySettings> gatewaySettings = gateway.get("url").exists()
                    ? Optional.of(SmsGatewaySettings.from(gateway)) : Optional.empty();
            List<byte[]> secrets = new ArrayList<>();
            messages.get("sms.webhook-secret").asString().filter(s -> !s.isBlank())
                    .ifPresent(s -> secrets.add(s.getBytes(StandardCharsets.UTF_8)));
            messages.get("sms.previous-webhook-secret").asString().filter(s -> !s.isBlank())
                    .ifPresent(s -> secrets.add(s.getBytes(StandardCharsets.UTF_8)));
            // Checked here, with the rest, so a wrong value is a one-line refusal at start and not a stack trace
            // from deep in the start-up.
            dispatcher.named("settings-check");
            new io.punchcard.campaign.message.Links(publicUrl, new byte[32]);
            return new SchedulerSettings(publicUrl, language, dispatcher, initial, occasions, smtpSettings,
                    gatewaySettings, List.copyOf(secrets),
                    Duration.ofMillis(messages.get("feed-poll-millis").asLong().orElse(1000L)),
                    new FactsFollower.Settings(Duration.ofMillis(messages.get("facts.poll-millis").asLong().orElse(1000L)),
                            messages.get("facts.page-size").asInt().orElse(500)),
                    new CampaignsConfig(messages.get("campaigns.batch").asInt().orElse(500),
                            messages.get("campaigns.workers").asInt().orElse(4),
                            Duration.ofSeconds(messages.get("campaigns.lease-seconds").asInt().orElse(120)),
                            Duration.ofMillis(messages.get("campaigns.idle-millis").asLong().orElse(1000L)),
                            Duration.ofSeconds(messages.get("campaigns.tick-seconds").asInt().orElse(30)),
                            decimal(messages.get("campaigns.cost.point-value-minor"), "1"),
                            decimal(messages.get("campaigns.cost.email-minor"), "0"),
                            decimal(messages.get("campaigns.cost.sms-minor"), "5"),
                            alertsTo(messages.get("campaigns.alerts")),
                            time(messages.get("campaigns.alerts.digest-time"), LocalTime.of(8, 0))),
                    messages.get("one-time-codes.per-kiosk").asInt().orElse(OneTimeCodes.PER_KIOSK));
        } catch (IllegalArgumentException | io.helidon.config.ConfigException e) {
            throw new StartupException("The messages settings are wrong: " + e.getMessage(), e);
        }
    }

    /** {@code alerts.to} for every store, {@code alerts.stores} ("S001=a@x.com,S002=b@x.com") per store. */
    private static Map<String, String> alertsTo(Config alerts) {
        Map<String, String> to = new java.util.HashMap<>();
        alerts.get("to").asString().filter(s -> !s.isBlank()).ifPresent(address -> to.put("", address.strip()));
        for (String pair : alerts.get("stores").asString().orElse("").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || !parts[1].contains("@")) {
                throw new IllegalArgumentException("campaigns.alerts.stores must read S001=manager@shop.example,...");
            }
            to.put(parts[0].strip(), parts[1].strip());
        }
        return Map.copyOf(to);
    }

    private static java.math.BigDecimal decimal(Config node, String otherwise) {
        String value = node.asString().orElse(otherwise);
        try {
            return new java.math.BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(node.key() + " must be a number, such as 0.5");
        }
    }

    private static LocalTime time(Config node, LocalTime otherwise) {
        try {
            return node.asString().map(LocalTime::parse).orElse(otherwise);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(node.key() + " must be a time as HH:mm");
        }
    }
}
