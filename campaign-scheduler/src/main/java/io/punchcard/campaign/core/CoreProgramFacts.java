package io.punchcard.campaign.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.client.PunchcardClient;

/**
 * What messages need from the core's program: each store's name and time zone, the program's zone, and tier
 * names. Read through the core's ETag at most every {@link #EVERY}, so a renamed store is in messages within
 * seconds without a request per message; while the core does not answer, the copy last read serves.
 */
public final class CoreProgramFacts {

    static final Duration EVERY = Duration.ofSeconds(15);

    /** The program as far as messages read it. */
    public record Facts(String etag, String currency, ZoneId zone, Map<String, String> storeNames, Map<String, ZoneId> storeZones,
                        Map<String, String> tierNames) {

        /** The zone of {@code store}, else the program's. */
        public ZoneId zoneOf(String store) {
            return store == null ? zone : storeZones.getOrDefault(store, zone);
        }
    }

    private record Read(Facts facts, Instant at) {
    }

    private final java.util.function.Supplier<PunchcardClient> core;
    private final Clock clock;
    private final AtomicReference<Read> last = new AtomicReference<>();

    public CoreProgramFacts(java.util.function.Supplier<PunchcardClient> core, Clock clock) {
        this.core = core;
        this.clock = clock;
    }

    /** The program's facts, read again when the copy is older than {@link #EVERY}. */
    public Facts current() {
        Read read = last.get();
        Instant now = clock.instant();
        if (read != null && read.at().plus(EVERY).isAfter(now)) {
            return read.facts();
        }
        try {
            var answer = core.get().program(read == null ? null : read.facts().etag());
            Facts facts = answer.map(CoreProgramFacts::facts).orElse(read == null ? null : read.facts());
            if (facts == null) {
                throw new IllegalStateException("the core answered no program");
            }
            last.set(new Read(facts, now));
            return facts;
        } catch (RuntimeException e) {
            if (read == null) {
                throw e;
            }
            return read.facts();
        }
    }

    private static Facts facts(PunchcardClient.ProgramRead read) {
        JsonNode program = read.versioned().path("program");
        ZoneId zone = ZoneId.of(program.path("timezone").asText("UTC"));
        Map<String, String> names = new HashMap<>();
        Map<String, ZoneId> zones = new HashMap<>();
        for (JsonNode store : program.path("stores")) {
            String code = store.path("code").asText(null);
            if (code != null) {
                names.put(code, store.path("name").asText(code));
                zones.put(code, store.hasNonNull("timezone") ? ZoneId.of(store.path("timezone").asText()) : zone);
            }
        }
        Map<String, String> tiers = new java.util.LinkedHashMap<>();
        for (JsonNode tier : program.path("tiers").path("levels")) {
            if (tier.hasNonNull("code")) {
                tiers.put(tier.path("code").asText(), tier.path("name").asText(tier.path("code").asText()));
            }
        }
        return new Facts(read.etag(), program.path("currency").asText(null), zone, Map.copyOf(names), Map.copyOf(zones),
                // In the ladder's order, lowest first.
                java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tiers)));
    }
}
