package io.punchcard.loyalty.program;

import java.time.Duration;
import java.util.List;

/**
 * How long earned points stay pending before they can be spent: an online order can still be returned
 * within its return window, a till sale is final at once.
 *
 * @param posDays    days for POS purchases (default 0)
 * @param onlineDays days for online orders (default 14, the usual return window)
 * @param kioskDays  days for kiosk purchases
 */
public record PendingPolicy(int posDays, int onlineDays, int kioskDays) {

    /** How long points earned in {@code channel} stay pending. */
    public Duration pendingFor(Channel channel) {
        return Duration.ofDays(switch (channel) {
            case POS -> posDays;
            case ONLINE -> onlineDays;
            case KIOSK -> kioskDays;
        });
    }

    void validate(String path, List<Violation> violations) {
        check(path + ".posDays", posDays, violations);
        check(path + ".onlineDays", onlineDays, violations);
        check(path + ".kioskDays", kioskDays, violations);
    }

    private static void check(String field, int days, List<Violation> violations) {
        if (days < 0 || days > 365) {
            violations.add(new Violation(field, "must be between 0 and 365 days"));
        }
    }
}
