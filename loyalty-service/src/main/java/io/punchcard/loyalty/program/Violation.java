package io.punchcard.loyalty.program;

/**
 * One reason a piece of configuration or a request is invalid.
 *
 * @param field   the offending field as a dotted path, e.g. {@code earning.rules[2].multiplierPercent}
 * @param message what is wrong, for a person
 */
public record Violation(String field, String message) {
}
