package io.punchcard.loyalty.program;

import java.util.List;

/**
 * What a voucher gives and under which conditions.
 *
 * @param code              stable identifier
 * @param name              what shoppers see; null to have it said from the kind and the program's currency when
 *                          read ("5 USD off"), so that changing the currency never leaves a stale one
 * @param kind              AMOUNT_OFF, PERCENT_OFF, FREE_ITEM or POINTS_MULTIPLIER
 * @param amountMinor       for AMOUNT_OFF: the discount in minor units
 * @param percentOff        for PERCENT_OFF: the discount in percent
 * @param freeSku           for FREE_ITEM: the SKU given free
 * @param multiplierPercent for POINTS_MULTIPLIER: 200 doubles the purchase's points
 * @param validDays         how long an issued voucher stays valid
 * @param minSpendMinor     the least eligible spend a basket needs for the voucher to apply
 * @param stores            stores where it can be used; empty for all
 * @param channels          channels where it can be used; empty for all
 * @param usesPerVoucher    how many sales one voucher can be used on
 */
public record VoucherTemplate(String code, String name, Kind kind, long amountMinor, int percentOff, String freeSku,
                              int multiplierPercent, int validDays, long minSpendMinor, List<String> stores,
                              List<Channel> channels, int usesPerVoucher) {

    /** What a voucher does. */
    public enum Kind {
        AMOUNT_OFF,
        PERCENT_OFF,
        FREE_ITEM,
        POINTS_MULTIPLIER
    }

    public VoucherTemplate {
        stores = stores == null ? List.of() : List.copyOf(stores);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /**
     * What shoppers see: the name given, or one said from the kind, in {@code currency} (the program's) for an
     * amount off.
     */
    public String displayName(String currency) {
        if (name != null) {
            return name;
        }
        if (kind == null) {
            return code;
        }
        return switch (kind) {
            case AMOUNT_OFF -> Money.format(amountMinor, currency) + " off";
            case PERCENT_OFF -> percentOff + "% off";
            case FREE_ITEM -> "Free " + freeSku;
            case POINTS_MULTIPLIER -> switch (multiplierPercent) {
                case 200 -> "Double points";
                case 300 -> "Triple points";
                default -> java.math.BigDecimal.valueOf(multiplierPercent, 2).stripTrailingZeros().toPlainString()
                        + "x points";
            };
        };
    }

    /** The same template under {@code newCode}. */
    public VoucherTemplate withCode(String newCode) {
        return new VoucherTemplate(newCode, name, kind, amountMinor, percentOff, freeSku, multiplierPercent, validDays,
                minSpendMinor, stores, channels, usesPerVoucher);
    }

    void validate(String path, List<Violation> violations) {
        if (code == null || !code.matches("[A-Z0-9][A-Z0-9_-]{0,31}")) {
            violations.add(new Violation(path + ".code", "must be 1 to 32 capital letters, digits, '_' or '-'"));
        }
        if (name != null && (name.isBlank() || name.length() > 80)) {
            violations.add(new Violation(path + ".name", "must be 1 to 80 characters, or left out to be said from the kind"));
        }
        if (kind == null) {
            violations.add(new Violation(path + ".kind", "must be AMOUNT_OFF, PERCENT_OFF, FREE_ITEM or POINTS_MULTIPLIER"));
            return;
        }
        switch (kind) {
            case AMOUNT_OFF -> {
                if (amountMinor < 1) {
                    violations.add(new Violation(path + ".amountMinor", "must be at least 1"));
                }
            }
            case PERCENT_OFF -> {
                if (percentOff < 1 || percentOff > 100) {
                    violations.add(new Violation(path + ".percentOff", "must be between 1 and 100"));
                }
            }
            case FREE_ITEM -> {
                if (freeSku == null || freeSku.isBlank()) {
                    violations.add(new Violation(path + ".freeSku", "is required for FREE_ITEM"));
                }
            }
            case POINTS_MULTIPLIER -> {
                if (multiplierPercent < 100 || multiplierPercent > 1000) {
                    violations.add(new Violation(path + ".multiplierPercent", "must be between 100 and 1000"));
                }
            }
        }
        if (validDays < 1 || validDays > 3650) {
            violations.add(new Violation(path + ".validDays", "must be between 1 and 3650"));
        }
        if (minSpendMinor < 0) {
            violations.add(new Violation(path + ".minSpendMinor", "must not be negative"));
        }
        if (usesPerVoucher < 1 || usesPerVoucher > 1_000_000) {
            violations.add(new Violation(path + ".usesPerVoucher", "must be between 1 and 1000000"));
        }
    }
}
