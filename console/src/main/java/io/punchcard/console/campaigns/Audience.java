package io.punchcard.console.campaigns;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The segment builder's few questions (which tiers, which languages, how many purchases at least, bought within how
 * many days, e-mail consent), turned into the scheduler's rule language (docs/segments.md) as an {@code all} of one
 * condition per question answered, and back. The scheduler checks the rule; its problems name a condition by its
 * place ({@code rule.all[1].value}), which {@link #fieldOf} turns back into the question's field.
 *
 * @param tiers          tier codes, separated by commas; empty: any tier
 * @param languages      language tags, separated by commas; empty: any language
 * @param minPurchases   the fewest purchases ever, as typed; empty: any number
 * @param boughtWithinDays a purchase in the last this many days, as typed; empty: whenever
 * @param emailConsent   only members who agreed to e-mail
 */
public record Audience(String tiers, String languages, String minPurchases, String boughtWithinDays,
                       boolean emailConsent) {

    /** The form's fields, in the order the questions stand. */
    public static final List<String> FIELDS = List.of("tiers", "languages", "minPurchases", "boughtWithinDays",
            "emailConsent");

    /** Every active member: the rule a campaign without an audience acts on, counted the same way. */
    private static final Map<String, Object> EVERY_ACTIVE = condition("status", "eq", "ACTIVE");

    public Audience {
        tiers = tiers == null ? "" : tiers.strip();
        languages = languages == null ? "" : languages.strip();
        minPurchases = minPurchases == null ? "" : minPurchases.strip();
        boughtWithinDays = boughtWithinDays == null ? "" : boughtWithinDays.strip();
    }

    public static Audience everyone() {
        return new Audience("", "", "", "", false);
    }

    /** Whether no question is answered: the campaign acts on every active member. */
    public boolean isEveryone() {
        return conditions().isEmpty();
    }

    /** The rule to save in the campaign's audience; null for everyone (no audience). */
    public Map<String, Object> rule() {
        List<Condition> conditions = conditions();
        return conditions.isEmpty() ? null : Map.of("all", conditions.stream().map(Condition::rule).toList());
    }

    /** The rule to count: everyone's when no question is answered. */
    public Map<String, Object> ruleToCount() {
        Map<String, Object> rule = rule();
        return rule == null ? EVERY_ACTIVE : rule;
    }

    /**
     * The question a scheduler's problem at {@code path} is about ({@code rule.all[1].value} or
     * {@code spec.audience.rule.all[1].days}); null when it names none of them.
     */
    public String fieldOf(String path) {
        int at = path.indexOf("all[");
        if (at < 0) {
            return null;
        }
        int end = path.indexOf(']', at);
        try {
            int index = Integer.parseInt(path.substring(at + 4, end));
            List<Condition> conditions = conditions();
            return index < conditions.size() ? conditions.get(index).field() : null;
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * The questions a saved rule answers, when it is one this builder writes; null for any other rule (written
     * through the API), which the page shows as it is rather than pretend to edit it.
     */
    public static Audience of(Map<String, Object> rule) {
        if (rule == null) {
            return everyone();
        }
        if (!(rule.get("all") instanceof List<?> all)) {
            return null;
        }
        String tiers = "";
        String languages = "";
        String minPurchases = "";
        String boughtWithin = "";
        boolean email = false;
        for (Object each : all) {
            if (!(each instanceof Map<?, ?> c)) {
                return null;
            }
            Object value = c.get("value");
            String key = c.get("field") + " " + c.get("op");
            switch (key) {
                case "tier in" -> tiers = joined(value);
                case "language in" -> languages = joined(value);
                case "purchases gte" -> minPurchases = String.valueOf(value);
                case "lastPurchaseAt withinLast" -> boughtWithin = value instanceof Map<?, ?> m
                        ? String.valueOf(m.get("days")) : "";
                case "consents.email eq" -> email = Boolean.TRUE.equals(value);
                default -> {
                    return null;
                }
            }
        }
        return new Audience(tiers, languages, minPurchases, boughtWithin, email);
    }

    private static String joined(Object value) {
        return value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
    }

    /** One answered question as a rule condition. */
    private record Condition(String field, Map<String, Object> rule) {
    }

    private List<Condition> conditions() {
        List<Condition> conditions = new ArrayList<>();
        if (!tiers.isEmpty()) {
            conditions.add(new Condition("tiers", condition("tier", "in", codes(tiers))));
        }
        if (!languages.isEmpty()) {
            conditions.add(new Condition("languages", condition("language", "in", codes(languages))));
        }
        if (!minPurchases.isEmpty()) {
            conditions.add(new Condition("minPurchases", condition("purchases", "gte", number(minPurchases))));
        }
        if (!boughtWithinDays.isEmpty()) {
            conditions.add(new Condition("boughtWithinDays", condition("lastPurchaseAt", "withinLast",
                    Map.of("days", number(boughtWithinDays)))));
        }
        if (emailConsent) {
            conditions.add(new Condition("emailConsent", condition("consents.email", "eq", true)));
        }
        return conditions;
    }

    private static List<String> codes(String typed) {
        return Arrays.stream(typed.split("[,\\s]+")).filter(code -> !code.isEmpty()).toList();
    }

    /** A whole number as a number; anything else as typed, for the scheduler to name as the mistake it is. */
    private static Object number(String typed) {
        try {
            return Long.parseLong(typed);
        } catch (NumberFormatException e) {
            return typed;
        }
    }

    private static Map<String, Object> condition(String field, String op, Object value) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("field", field);
        condition.put("op", op);
        condition.put("value", value);
        return condition;
    }
}
