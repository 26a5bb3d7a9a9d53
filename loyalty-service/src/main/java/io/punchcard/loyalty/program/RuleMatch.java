package io.punchcard.loyalty.program;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * When an earning rule applies. Every condition given must hold; an empty list or a null means "any".
 * Product conditions (skus, categories) select lines; the others select the whole purchase.
 *
 * @param skus          lines with one of these SKUs
 * @param categories    lines in one of these categories
 * @param channels      purchases in one of these channels
 * @param stores        purchases at one of these stores
 * @param daysOfWeek    purchases on one of these days (in the store's time zone)
 * @param timeFrom      purchases at or after this local time
 * @param timeUntil     purchases before this local time
 * @param validFrom     purchases on or after this date
 * @param validUntil    purchases on or before this date
 * @param minSpendMinor purchases whose eligible spend reaches this
 */
public record RuleMatch(
        List<String> skus,
        List<String> categories,
        List<Channel> channels,
        List<String> stores,
        List<DayOfWeek> daysOfWeek,
        LocalTime timeFrom,
        LocalTime timeUntil,
        LocalDate validFrom,
        LocalDate validUntil,
        long minSpendMinor) {

    /** Matches everything. */
    public static final RuleMatch ANY = new RuleMatch(null, null, null, null, null, null, null, null, null, 0);

    public RuleMatch {
        skus = skus == null ? List.of() : List.copyOf(skus);
        categories = categories == null ? List.of() : List.copyOf(categories);
        channels = channels == null ? List.of() : List.copyOf(channels);
        stores = stores == null ? List.of() : List.copyOf(stores);
        daysOfWeek = daysOfWeek == null ? List.of() : List.copyOf(daysOfWeek);
    }

    /** True when the rule is about products: it then applies to matching lines only. */
    public boolean selectsLines() {
        return !skus.isEmpty() || !categories.isEmpty();
    }

    void validate(String path, List<Violation> violations) {
        if (timeFrom != null && timeUntil != null && !timeFrom.isBefore(timeUntil)) {
            violations.add(new Violation(path + ".timeUntil", "must be after timeFrom"));
        }
        if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
            violations.add(new Violation(path + ".validUntil", "must not be before validFrom"));
        }
        if (minSpendMinor < 0) {
            violations.add(new Violation(path + ".minSpendMinor", "must not be negative"));
        }
    }
}
