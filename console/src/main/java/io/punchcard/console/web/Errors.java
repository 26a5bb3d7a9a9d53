package io.punchcard.console.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What is wrong with a form, by field id, in the order the fields stand: the templates show it as an error summary at
 * the top that links to each field, and again beside each field.
 */
public record Errors(Map<String, String> byField) {

    public Errors {
        byField = new LinkedHashMap<>(byField);
    }

    /** No errors. */
    public static Errors none() {
        return new Errors(Map.of());
    }

    public boolean any() {
        return !byField.isEmpty();
    }

    /** The error of {@code field}; null when it has none. */
    public String of(String field) {
        return byField.get(field);
    }

    /** The fields in error, in order. */
    public Set<String> fields() {
        return byField.keySet();
    }
}
