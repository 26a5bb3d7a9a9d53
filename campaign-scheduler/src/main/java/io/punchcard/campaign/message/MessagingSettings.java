package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The send rules staff may edit: how often a member hears from us, when not, how fast each provider lets us send,
 * and how late a message may still go. {@link #of} turns form values into settings or every problem at once;
 * the constructor refuses what {@link #check} would list, so no invalid settings exist.
 *
 * @param frequencyCap        the most marketing messages per member in a number of days
 * @param quietHours          the member's local hours without marketing
 * @param ratePerSecond       each channel's provider limit, messages per second; 0 means unlimited. Every
 *                            channel has an entry, so a forgotten one is never silently unlimited
 * @param marketingMaxAge     a marketing message not sent this long after it was due is dropped, never sent late
 * @param transactionalMaxAge the same for a transactional message
 */
public record MessagingSettings(FrequencyCap frequencyCap, QuietHours quietHours, Map<Channel, Integer> ratePerSecond,
                                Duration marketingMaxAge, Duration transactionalMaxAge) {

    /** Far above any provider's published limit; a bound so a typo cannot mean "send everything in a burst". */
    public static final int MAX_RATE_PER_SECOND = 100_000;
    /** Less than this, and one slow batch would expire messages that were on time. */
    public static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);
    /** Beyond this, "your weekend offer" would arrive weeks after the weekend. */
    public static final Duration MAX_MAX_AGE = Duration.ofDays(30);

    public MessagingSettings {
        if (frequencyCap == null || quietHours == null) {
            throw new IllegalArgumentException("frequencyCap and quietHours are required");
        }
        List<SettingsProblem> problems = checkRest(ratePerSecond, marketingMaxAge, transactionalMaxAge);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(describe(problems));
        }
        ratePerSecond = Map.copyOf(ratePerSecond);
    }

    /**
     * What a new installation starts with: at most 3 marketing messages in 7 days, none 21:00-09:00, e-mail at
     * 14 a second (Amazon SES's first production quota) and SMS at 10, marketing dropped 48 hours late, the rest 24.
     */
    public static MessagingSettings defaults() {
        return new MessagingSettings(new FrequencyCap(3, 7), new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0)),
                Map.of(Channel.EMAIL, 14, Channel.SMS, 10), Duration.ofHours(48), Duration.ofHours(24));
    }

    /** Either the settings, or every problem with the values; what a settings form answers. */
    public sealed interface Checked {
        record Valid(MessagingSettings settings) implements Checked {
        }

        record Invalid(List<SettingsProblem> problems) implements Checked {
            public Invalid {
                problems = List.copyOf(problems);
            }
        }
    }

    /** Settings from form values, or every problem with them; never throws for a bad value. */
    public static Checked of(int capMaxMessages, int capDays, LocalTime quietStart, LocalTime quietEnd,
                             Map<Channel, Integer> ratePerSecond, Duration marketingMaxAge, Duration transactionalMaxAge) {
        List<SettingsProblem> problems = check(capMaxMessages, capDays, quietStart, quietEnd, ratePerSecond,
                marketingMaxAge, transactionalMaxAge);
        if (!problems.isEmpty()) {
            return new Checked.Invalid(problems);
        }
        return new Checked.Valid(new MessagingSettings(new FrequencyCap(capMaxMessages, capDays),
                new QuietHours(quietStart, quietEnd), ratePerSecond, marketingMaxAge, transactionalMaxAge));
    }

    /** Every problem with these values, in the order of the form's fields; empty when they make settings. */
    public static List<SettingsProblem> check(int capMaxMessages, int capDays, LocalTime quietStart, LocalTime quietEnd,
                                              Map<Channel, Integer> ratePerSecond, Duration marketingMaxAge,
                                              Duration transactionalMaxAge) {
        List<SettingsProblem> problems = new ArrayList<>(FrequencyCap.check(capMaxMessages, capDays));
        problems.addAll(QuietHours.check(quietStart, quietEnd));
        problems.addAll(checkRest(ratePerSecond, marketingMaxAge, transactionalMaxAge));
        return List.copyOf(problems);
    }

    /** The channel's provider limit in messages per second; 0 means unlimited. */
    public int ratePerSecond(Channel channel) {
        return ratePerSecond.get(channel);
    }

    /** How late a message of this purpose may still go. */
    public Duration maxAge(Purpose purpose) {
        return switch (purpose) {
            case MARKETING -> marketingMaxAge;
            case TRANSACTIONAL -> transactionalMaxAge;
        };
    }

    private static List<SettingsProblem> checkRest(Map<Channel, Integer> ratePerSecond, Duration marketingMaxAge,
                                                   Duration transactionalMaxAge) {
        List<SettingsProblem> problems = new ArrayList<>();
        if (ratePerSecond == null) {
            problems.add(new SettingsProblem("ratePerSecond", "is required, one limit per channel"));
        } else {
            // Entries are read one by one: Map.of throws on a null key lookup, a HashMap may hold one.
            Map<Channel, Integer> rates = new EnumMap<>(Channel.class);
            for (Map.Entry<Channel, Integer> entry : ratePerSecond.entrySet()) {
                if (entry.getKey() == null) {
                    problems.add(new SettingsProblem("ratePerSecond", "names no channel"));
                } else {
                    rates.put(entry.getKey(), entry.getValue());
                }
            }
            for (Channel channel : Channel.values()) {
                Integer rate = rates.get(channel);
                String field = "ratePerSecond." + channel.name();
                if (rate == null) {
                    problems.add(new SettingsProblem(field, "is required (0 for unlimited)"));
                } else if (rate < 0 || rate > MAX_RATE_PER_SECOND) {
                    problems.add(new SettingsProblem(field,
                            "must be 0 (unlimited) to " + MAX_RATE_PER_SECOND + " a second, was " + rate));
                }
            }
        }
        checkMaxAge(problems, "marketingMaxAge", marketingMaxAge);
        checkMaxAge(problems, "transactionalMaxAge", transactionalMaxAge);
        return problems;
    }

    private static void checkMaxAge(List<SettingsProblem> problems, String field, Duration maxAge) {
        if (maxAge == null) {
            problems.add(new SettingsProblem(field, "is required"));
        } else if (maxAge.compareTo(MIN_MAX_AGE) < 0 || maxAge.compareTo(MAX_MAX_AGE) > 0) {
            problems.add(new SettingsProblem(field, "must be 1 minute to 30 days, was " + maxAge));
        }
    }

    /** One exception message that names every problem, for the constructors that refuse invalid values. */
    static String describe(List<SettingsProblem> problems) {
        return problems.stream().map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; "));
    }
}
