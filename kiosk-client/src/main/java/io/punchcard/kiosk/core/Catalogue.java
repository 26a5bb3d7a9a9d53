package io.punchcard.kiosk.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.client.PunchcardClient;

/**
 * What the kiosk shows of the core's program: the rewards catalogue, the tiers' names, the currency and the store's
 * zone. Read with the kiosk's key and kept for a minute, so a screen full of shoppers costs the core one read a
 * minute; while the core cannot be read the last program read is kept.
 */
public final class Catalogue {

    /** How long a program read is shown before it is read again: a new reward appears within a minute. */
    private static final Duration FRESH = Duration.ofMinutes(1);

    /**
     * One reward a member can buy with points.
     *
     * @param code        the reward's code
     * @param name        what the shopper sees; null when the program names it by its voucher's amount
     * @param pointsPrice what it costs
     * @param amountOffMinor what its voucher takes off, when it has no name; else null
     */
    public record Reward(String code, String name, long pointsPrice, Long amountOffMinor) {
    }

    /**
     * The facts of one program version.
     *
     * @param currency  ISO 4217
     * @param zone      the store's zone
     * @param rewards   the catalogue, cheapest first
     * @param tierNames tier names by code
     */
    public record Program(String currency, ZoneId zone, List<Reward> rewards, Map<String, String> tierNames) {

        /** The reward {@code code}, if the catalogue has it. */
        public Optional<Reward> reward(String code) {
            return rewards.stream().filter(r -> r.code().equals(code)).findFirst();
        }

        /** The name of the tier {@code code}; the code itself for a tier the program no longer names. */
        public String tierName(String code) {
            return tierNames.getOrDefault(code, code);
        }
    }

    private final PunchcardClient client;
    private final String store;
    private final Clock clock;
    private Program program;
    private String etag;
    private Instant readAt = Instant.MIN;

    public Catalogue(PunchcardClient client, String store, Clock clock) {
        this.client = client;
        this.store = store;
        this.clock = clock;
    }

    /**
     * The program as last read, read again when older than a minute.
     *
     * @throws io.punchcard.api.client.PunchcardException when it was never read and the core cannot be read now
     */
    public synchronized Program current() {
        Instant now = clock.instant();
        if (program != null && Duration.between(readAt, now).compareTo(FRESH) < 0) {
            return program;
        }
        try {
            Optional<PunchcardClient.ProgramRead> read = client.program(etag);
            if (read.isPresent()) {
                etag = read.get().etag();
                program = parse(read.get().versioned().path("program"), store);
            }
            readAt = now;
        } catch (RuntimeException e) {
            if (program == null) {
                throw e;
            }
        }
        return program;
    }

    /** The kiosk's facts of a program document ({@code GET /api/v1/program}'s {@code program}). */
    static Program parse(JsonNode program, String store) {
        Map<String, Long> amounts = new HashMap<>();
        Map<String, String> templateNames = new HashMap<>();
        for (JsonNode template : program.path("voucherTemplates")) {
            String code = template.path("code").asText();
            if (template.hasNonNull("name")) {
                templateNames.put(code, template.path("name").asText());
            } else if ("AMOUNT_OFF".equals(template.path("kind").asText())) {
                amounts.put(code, template.path("amountMinor").asLong());
            }
        }
        List<Reward> rewards = new ArrayList<>();
        for (JsonNode reward : program.path("rewards")) {
            String template = reward.path("voucherTemplate").asText();
            String name = reward.hasNonNull("name") ? reward.path("name").asText()
                    : templateNames.getOrDefault(template, null);
            rewards.add(new Reward(reward.path("code").asText(), name, reward.path("pointsPrice").asLong(),
                    name == null ? amounts.get(template) : null));
        }
        rewards.sort(java.util.Comparator.comparingLong(Reward::pointsPrice).thenComparing(Reward::code));
        Map<String, String> tiers = new HashMap<>();
        for (JsonNode level : program.path("tiers").path("levels")) {
            tiers.put(level.path("code").asText(), level.path("name").asText(level.path("code").asText()));
        }
        String zone = program.path("timezone").asText("UTC");
        for (JsonNode s : program.path("stores")) {
            if (store.equals(s.path("code").asText()) && s.hasNonNull("timezone")) {
                zone = s.path("timezone").asText();
            }
        }
        return new Program(program.path("currency").asText("EUR"), ZoneId.of(zone), List.copyOf(rewards),
                Map.copyOf(tiers));
    }
}
