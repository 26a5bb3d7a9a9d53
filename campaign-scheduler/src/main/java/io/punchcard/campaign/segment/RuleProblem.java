package io.punchcard.campaign.segment;

/**
 * One thing wrong with a rule, where it is.
 *
 * @param path    the JSON path of the offending value: {@code rule.all[2].any[0].value}
 * @param message what is wrong, in words a manager understands: "must be a list of tier codes"
 */
public record RuleProblem(String path, String message) {
}
