package io.punchcard.console.staff;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sentence a person reads when the core locked their account after wrong passwords. The core's {@code
 * staff-locked} problem names the moment logins are taken again in its detail; the sentence says it in minutes.
 */
public final class Lockout {

    private static final Pattern MOMENT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private Lockout() {
    }

    /** Until when the core's {@code detail} says the account is locked; empty when it names no moment. */
    public static Optional<Instant> until(String detail) {
        Matcher matcher = MOMENT.matcher(detail == null ? "" : detail);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(matcher.group()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** What the login page says of a lock the core described with {@code detail}, at {@code now}. */
    public static String sentence(String detail, Instant now) {
        String start = "This account is locked after too many wrong passwords. ";
        String end = " An admin can lift the lock by setting a new password.";
        return until(detail).map(until -> {
            long minutes = Math.max(1, (Duration.between(now, until).toSeconds() + 59) / 60);
            return start + "Try again in " + minutes + (minutes == 1 ? " minute" : " minutes") + " (at "
                    + CLOCK.format(until) + " UTC)." + end;
        }).orElse(start + "Try again later." + end);
    }
}
