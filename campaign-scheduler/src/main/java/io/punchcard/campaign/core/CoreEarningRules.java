package io.punchcard.campaign.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.campaign.engine.CoreEarning;
import io.punchcard.campaign.engine.Trigger;

/**
 * Earning campaigns' rules in the core's program, through its program API: a rule {@code campaign.<id>} that names
 * the campaign, so quotes, receipts and awards show it (the same evaluator as every rule) and the points it adds
 * are reported per rule in the events feed, counted as the campaign's cost. Its dates bound it to the campaign's
 * days in the program's zone; the scheduler takes it out when the campaign stops (to the minute).
 */
public final class CoreEarningRules implements CoreEarning {

    private final Supplier<PunchcardClient> core;
    private final Supplier<ZoneId> zone;

    public CoreEarningRules(Supplier<PunchcardClient> core, Supplier<ZoneId> zone) {
        this.core = core;
        this.zone = zone;
    }

    @Override
    public void install(String id, Trigger.Earning earning, Instant from, Instant until) {
        core.get().putEarningRule(CoreEarning.ruleId(id), rule(id, earning, from, until, zone.get()));
    }

    /** The rule as the program API reads it. */
    static Map<String, Object> rule(String id, Trigger.Earning earning, Instant from, Instant until, ZoneId zone) {
        Map<String, Object> match = new LinkedHashMap<>();
        putIfAny(match, "categories", earning.categories());
        putIfAny(match, "skus", earning.skus());
        putIfAny(match, "stores", earning.stores());
        putIfAny(match, "channels", earning.channels());
        putIfAny(match, "daysOfWeek", earning.daysOfWeek());
        match.put("validFrom", LocalDate.ofInstant(from, zone).toString());
        // The last day it runs on: a campaign ending at midnight ends the day before.
        match.put("validUntil", LocalDate.ofInstant(until.minusNanos(1), zone).toString());
        if (earning.minSpendMinor() != null) {
            match.put("minSpendMinor", earning.minSpendMinor());
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", CoreEarning.ruleId(id));
        rule.put("campaign", id);
        if (earning.multiplierPercent() != null) {
            rule.put("kind", "MULTIPLIER");
            rule.put("multiplierPercent", earning.multiplierPercent());
        } else {
            rule.put("kind", "BONUS");
            rule.put("bonusPoints", earning.bonusPoints());
        }
        rule.put("match", match);
        return rule;
    }

    private static void putIfAny(Map<String, Object> match, String field, java.util.List<?> values) {
        if (!values.isEmpty()) {
            match.put(field, values);
        }
    }

    @Override
    public void remove(String id) {
        core.get().deleteEarningRule(CoreEarning.ruleId(id));
    }

    @Override
    public Set<String> installed() {
        JsonNode program = core.get().program();
        JsonNode rules = program.path("program").path("earning").path("rules");
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode rule : rules) {
            String campaign = rule.path("campaign").asText(null);
            if (campaign != null && rule.path("id").asText("").equals(CoreEarning.ruleId(campaign))) {
                ids.add(campaign);
            }
        }
        return ids;
    }
}
