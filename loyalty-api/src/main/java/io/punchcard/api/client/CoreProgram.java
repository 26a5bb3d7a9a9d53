package io.punchcard.api.client;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a connector needs to know of the core's program, so that nobody configures it a second time: the currency
 * sales are counted in, the zone each store reads local times in, and the region of phone numbers written without
 * a country code.
 *
 * @param etag        the program's version as the core's ETag ({@code "7"})
 * @param version     the program's version
 * @param currency    ISO 4217
 * @param timezone    the program's zone, for stores without their own
 * @param phoneRegion ISO 3166 region
 * @param storeZones  the zone of every store of the program, by store code (its own, else the program's)
 */
public record CoreProgram(String etag, int version, String currency, String timezone, String phoneRegion,
                          Map<String, String> storeZones) {

    public CoreProgram {
        storeZones = Map.copyOf(storeZones);
    }

    /** The facts of {@code read}; empty when the answer lacks a currency or zone (not a program this code knows). */
    public static java.util.Optional<CoreProgram> of(PunchcardClient.ProgramRead read) {
        JsonNode program = read.versioned().path("program");
        String currency = program.path("currency").asText(null);
        String timezone = program.path("timezone").asText(null);
        if (currency == null || timezone == null) {
            return java.util.Optional.empty();
        }
        Map<String, String> zones = new LinkedHashMap<>();
        for (JsonNode store : program.path("stores")) {
            if (store.hasNonNull("code")) {
                zones.put(store.path("code").asText(), store.path("timezone").asText(timezone));
            }
        }
        return java.util.Optional.of(new CoreProgram(read.etag(), read.versioned().path("version").asInt(), currency,
                timezone, program.path("phoneRegion").asText(null), zones));
    }

    /** The zone local times of {@code store} are read in: its own, else the program's. */
    public String zoneOf(String store) {
        return storeZones.getOrDefault(store, timezone);
    }

    /** Whether the program names {@code store} among its stores. */
    public boolean knows(String store) {
        return storeZones.containsKey(store);
    }
}
