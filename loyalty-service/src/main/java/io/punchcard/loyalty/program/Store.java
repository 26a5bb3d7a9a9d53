package io.punchcard.loyalty.program;

import java.util.List;

/**
 * One of the chain's shops, or an online shop.
 *
 * @param code     stable identifier, used by API keys, purchases and rules
 * @param name     what people see
 * @param timezone its zone, for day and time rules; null to use the program's
 */
public record Store(String code, String name, String timezone) {

    /** The same store under {@code newCode}. */
    public Store withCode(String newCode) {
        return new Store(newCode, name, timezone);
    }

    void validate(String path, List<Violation> violations) {
        if (code == null || !code.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,31}")) {
            violations.add(new Violation(path + ".code", "must be 1 to 32 letters, digits, '_' or '-'"));
        }
        if (name == null || name.isBlank() || name.length() > 80) {
            violations.add(new Violation(path + ".name", "must be 1 to 80 characters"));
        }
        if (timezone != null && !Program.validZone(timezone)) {
            violations.add(new Violation(path + ".timezone", "'" + timezone + "' is not a time zone"));
        }
    }
}
