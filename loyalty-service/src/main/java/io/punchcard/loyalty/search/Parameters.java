package io.punchcard.loyalty.search;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Violation;

/**
 * The query parameters of a listing, read with every problem noted against its parameter: what the listings share
 * (a period, a page size, a cursor) and the kinds of filter they use.
 */
public final class Parameters {

    private final Function<String, Optional<String>> raw;
    private final List<Violation> violations;

    /**
     * @param raw        a parameter's value by name, empty when absent
     * @param violations where problems are noted
     */
    public Parameters(Function<String, Optional<String>> raw, List<Violation> violations) {
        this.raw = raw;
        this.violations = violations;
    }

    /** A text filter of bounded length, or null when absent. */
    public String text(String name) {
        String value = raw.apply(name).orElse(null);
        if (value != null && value.isBlank()) {
            violations.add(new Violation(name, "is empty; leave it out to match every value"));
            return null;
        }
        if (value != null && value.indexOf('\u0000') >= 0) {
            violations.add(new Violation(name, "contains a NUL character"));
            return null;
        }
        Limits.text(violations, name, value);
        return value;
    }

    /** A UUID, or null when absent. */
    public UUID uuid(String name) {
        String value = raw.apply(name).orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(name, "'" + shortened(value) + "' is not an id"));
            return null;
        }
    }

    /** {@code true} or {@code false}, or null when absent. */
    public Boolean bool(String name) {
        String value = raw.apply(name).orElse(null);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> {
                violations.add(new Violation(name, "must be true or false"));
                yield null;
            }
        };
    }

    /**
     * A point in time: an ISO-8601 instant ({@code 2017-10-01T08:00:00Z}) or a date ({@code 2017-10-01}, the start of
     * that day in UTC); null when absent.
     */
    public Instant instant(String name) {
        String value = raw.apply(name).orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(name, "'" + shortened(value) + "' is not a date (2017-10-01) or a time "
                    + "(2017-10-01T08:00:00Z)"));
            return null;
        }
    }

    /** A period {@code from} (inclusive) {@code to} (exclusive); both optional. */
    public Period period(String fromName, String toName) {
        Instant from = instant(fromName);
        Instant to = instant(toName);
        if (from != null && to != null && !from.isBefore(to)) {
            violations.add(new Violation(toName, "must be after " + fromName));
        }
        return new Period(from, to);
    }

    /** The page size: {@link PageSize#DEFAULT} when absent, 1 to {@link PageSize#MAX}. */
    public int limit() {
        String value = raw.apply("limit").orElse(null);
        if (value == null) {
            return PageSize.DEFAULT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= PageSize.MAX) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        violations.add(new Violation("limit", "must be a whole number from 1 to " + PageSize.MAX));
        return PageSize.DEFAULT;
    }

    /** Where the page starts ({@code after}, a previous page's {@code next}), or null for the first page. */
    public Cursor after() {
        String value = raw.apply("after").orElse(null);
        if (value == null) {
            return null;
        }
        Optional<Cursor> cursor = Cursor.decode(value);
        if (cursor.isEmpty()) {
            violations.add(new Violation("after", "is not a cursor this server handed out; pass a page's next as it is"));
        }
        return cursor.orElse(null);
    }

    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }

    /**
     * A period of time.
     *
     * @param from the first instant in it, or null for no bound
     * @param to   the first instant after it, or null for no bound
     */
    public record Period(Instant from, Instant to) {
    }
}
