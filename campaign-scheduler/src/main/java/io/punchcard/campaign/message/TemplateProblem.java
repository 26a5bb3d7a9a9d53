package io.punchcard.campaign.message;

/**
 * Why a template cannot be saved or sent, with the place to fix it, for a problem+json answer.
 *
 * @param field   e.g. {@code variants.de.htmlBody}
 * @param line    1-based line in that field, or 0 when the problem is not on one line
 * @param message what is wrong, in words for a store manager
 */
public record TemplateProblem(String field, int line, String message) {
}
