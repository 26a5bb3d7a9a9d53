package io.punchcard.loyalty.program;

import java.util.List;

/**
 * An entry of the rewards catalog: points buy a voucher.
 *
 * @param code            stable identifier
 * @param name            what shoppers see; may be left out (the voucher it buys carries its template's name)
 * @param pointsPrice     what it costs
 * @param voucherTemplate the template of the voucher it issues
 */
public record Reward(String code, String name, long pointsPrice, String voucherTemplate) {

    /** The same reward under {@code newCode}. */
    public Reward withCode(String newCode) {
        return new Reward(newCode, name, pointsPrice, voucherTemplate);
    }

    void validate(String path, List<Violation> violations) {
        if (code == null || !code.matches("[A-Z0-9][A-Z0-9_-]{0,31}")) {
            violations.add(new Violation(path + ".code", "must be 1 to 32 capital letters, digits, '_' or '-'"));
        }
        if (name != null && (name.isBlank() || name.length() > 80)) {
            violations.add(new Violation(path + ".name", "must be 1 to 80 characters, or left out to be said from the voucher"));
        }
        if (pointsPrice < 1) {
            violations.add(new Violation(path + ".pointsPrice", "must be at least 1"));
        }
        if (voucherTemplate == null) {
            violations.add(new Violation(path + ".voucherTemplate", "is required"));
        }
    }
}
