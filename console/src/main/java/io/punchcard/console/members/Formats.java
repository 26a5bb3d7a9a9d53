package io.punchcard.console.members;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * How the member pages write numbers, money and times for staff: points with thousands separators and a sign where
 * they change a balance, money in the program's currency from its minor units, times in the program's zone (said,
 * so a manager in another zone is not misled).
 *
 * @param currency the program's currency (ISO 4217); null when the person's role may not read the program
 * @param zone     the zone times are shown in: the program's, else UTC
 */
public record Formats(String currency, ZoneId zone) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.UK);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.UK);

    public Formats {
        zone = zone == null ? ZoneId.of("UTC") : zone;
    }

    /** {@code 1,250}. */
    public String points(long points) {
        return String.format(Locale.UK, "%,d", points);
    }

    /** {@code +50} or {@code -20}: how a ledger entry changes the balance. */
    public String signedPoints(long points) {
        return (points > 0 ? "+" : "") + points(points);
    }

    /** {@code €12.34} in the program's currency; {@code 12.34} when it is not known. */
    public String money(long minor) {
        if (currency == null) {
            return String.format(Locale.UK, "%,.2f", minor / 100.0);
        }
        Currency unit = Currency.getInstance(currency);
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.UK);
        format.setCurrency(unit);
        int digits = Math.max(unit.getDefaultFractionDigits(), 0);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(java.math.BigDecimal.valueOf(minor, digits));
    }

    /** {@code 7 Dec 2026, 15:04}; empty for no time. */
    public String when(Instant at) {
        return at == null ? "" : WHEN.format(at.atZone(zone));
    }

    /** {@code 7 Dec 2026}; empty for no time. */
    public String day(Instant at) {
        return at == null ? "" : DAY.format(at.atZone(zone));
    }

    /** The zone's name, said beside the times of a page ({@code Europe/Berlin}). */
    public String zoneName() {
        return zone.getId();
    }
}
