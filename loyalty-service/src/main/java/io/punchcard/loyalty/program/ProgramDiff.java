package io.punchcard.loyalty.program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What changed between two versions of the program, as a list a manager can read: each value added, removed or
 * changed, at its path in the program ({@code tiers.levels[GOLD].thresholdMinor}). Lists whose entries all carry
 * a code ({@code stores}, {@code rewards}, {@code voucherTemplates}) or an id (earning rules) are matched by it, so
 * a reward taken out of the middle is one removal, not a change to every reward after it; other lists by position.
 */
public final class ProgramDiff {

    /** What happened at a path. */
    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    /**
     * One difference.
     *
     * @param path   where, dotted, with {@code [code]} or {@code [index]} for a list's entry; empty for the whole
     * @param kind   what happened
     * @param before the value before, or null when added
     * @param after  the value after, or null when removed
     */
    public record Change(String path, Kind kind, JsonNode before, JsonNode after) {
    }

    private static final List<String> KEYS = List.of("code", "id");

    private ProgramDiff() {
    }

    /** The differences from {@code before} to {@code after}, in the order of their fields; none if equal. */
    public static List<Change> between(JsonNode before, JsonNode after) {
        List<Change> changes = new ArrayList<>();
        diff("", before, after, changes);
        return List.copyOf(changes);
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<Change> changes) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                pair(field(path, name), before.get(name), after.get(name), changes);
            }
        } else if (before.isArray() && after.isArray()) {
            String key = KEYS.stream().filter(k -> keyed(before, k) && keyed(after, k)).findFirst().orElse(null);
            if (key != null) {
                Map<String, JsonNode> was = byKey(before, key);
                Map<String, JsonNode> is = byKey(after, key);
                Set<String> codes = new LinkedHashSet<>(was.keySet());
                codes.addAll(is.keySet());
                for (String code : codes) {
                    pair(path + "[" + code + "]", was.get(code), is.get(code), changes);
                }
            } else {
                for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                    pair(path + "[" + i + "]", before.get(i), after.get(i), changes);
                }
            }
        } else {
            changes.add(new Change(path, Kind.CHANGED, before, after));
        }
    }

    /** A value present on one side or both; JSON null counts as absent, as the program reads it. */
    private static void pair(String path, JsonNode before, JsonNode after, List<Change> changes) {
        boolean was = before != null && !before.isNull();
        boolean is = after != null && !after.isNull();
        if (was && is) {
            diff(path, before, after, changes);
        } else if (was) {
            changes.add(new Change(path, Kind.REMOVED, before, null));
        } else if (is) {
            changes.add(new Change(path, Kind.ADDED, null, after));
        }
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Whether every entry of {@code array} is an object with a distinct text {@code key}. */
    private static boolean keyed(JsonNode array, String key) {
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode entry : array) {
            if (!entry.isObject() || !entry.path(key).isTextual() || !seen.add(entry.get(key).asText())) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byKey(JsonNode array, String key) {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        array.forEach(entry -> entries.put(entry.get(key).asText(), entry));
        return entries;
    }
}
