package io.punchcard.campaign.engine;

import java.util.List;

import io.punchcard.api.Problem;

/**
 * What a campaign may spend and how often it may act on one member.
 *
 * @param budget    the most it may give away, spent atomically (never exceeded, however many workers run)
 * @param perMember how often one member may be acted on; null for the trigger's natural limit
 */
public record Limits(Budget budget, PerMember perMember) {

    public static final Limits NONE = new Limits(Budget.NONE, null);

    /** How often one member may be acted on. */
    public enum PerMember {
        /** Once for the campaign's whole life. */
        ONCE,
        /** Once per calendar year (birthdays). */
        ONCE_PER_YEAR,
        /** Once per occurrence of the trigger (each schedule run, each qualifying purchase, each lapse). */
        EVERY_OCCURRENCE
    }

    /**
     * Caps; null for no cap on that resource.
     *
     * @param points   points granted
     * @param vouchers vouchers issued
     * @param messages messages planned
     */
    public record Budget(Long points, Long vouchers, Long messages) {
        public static final Budget NONE = new Budget(null, null, null);

        void validate(String path, List<Problem.FieldError> problems) {
            positive(path + ".points", points, problems);
            positive(path + ".vouchers", vouchers, problems);
            positive(path + ".messages", messages, problems);
        }

        private static void positive(String path, Long value, List<Problem.FieldError> problems) {
            if (value != null && (value < 0 || value > 1_000_000_000_000L)) {
                problems.add(new Problem.FieldError(path, "must be between 0 and 10^12"));
            }
        }
    }

    public Limits {
        budget = budget == null ? Budget.NONE : budget;
    }

    void validate(String path, List<Problem.FieldError> problems) {
        budget.validate(path + ".budget", problems);
    }
}
