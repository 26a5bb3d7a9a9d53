package io.punchcard.loyalty.program;

import java.util.List;

/**
 * One level of the tier ladder.
 *
 * @param code              stable identifier, e.g. GOLD
 * @param name              what shoppers see
 * @param threshold         qualifying spend (minor units) or points over the window needed to hold the tier
 * @param multiplierPercent points multiplier of the tier's members (100 = none)
 * @param discountPercent   discount at checkout for the tier's members, in percent
 * @param perks             other benefits, as text for receipts and the kiosk
 */
public record Tier(String code, String name, long threshold, int multiplierPercent, int discountPercent,
                   List<String> perks) {

    public Tier {
        perks = perks == null ? List.of() : List.copyOf(perks);
    }

    void validate(String path, List<Violation> violations) {
        if (code == null || !code.matches("[A-Z][A-Z0-9_]{0,31}")) {
            violations.add(new Violation(path + ".code", "must be 1 to 32 capital letters, digits or '_'"));
        }
        if (name == null || name.isBlank() || name.length() > 64) {
            violations.add(new Violation(path + ".name", "must be 1 to 64 characters"));
        }
        if (threshold < 0) {
            violations.add(new Violation(path + ".threshold", "must not be negative"));
        }
        if (multiplierPercent < 100 || multiplierPercent > 1000) {
            violations.add(new Violation(path + ".multiplierPercent", "must be between 100 and 1000"));
        }
        if (discountPercent < 0 || discountPercent > 50) {
            violations.add(new Violation(path + ".discountPercent", "must be between 0 and 50"));
        }
    }
}
