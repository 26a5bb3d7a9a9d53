package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;

/**
 * Turns a member's wall-clock time into an instant with one rule for every send time: a time the clocks skip
 * becomes the moment they skip to, not {@link LocalDateTime#atZone}'s "same length later" (02:30 in a 02:00-03:00
 * gap is 03:00, not 03:30), so a window never ends later than the member was promised.
 */
public final class LocalInstants {

    private LocalInstants() {
    }

    /** The first instant at which the member's clock shows {@code local}, or the end of the gap that skips it. */
    public static Instant earliest(LocalDateTime local, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition == null) {
            return local.atZone(zone).toInstant();
        }
        if (transition.isGap()) {
            return transition.getInstant();
        }
        // An overlap: the clock shows this time twice; the first is under the offset before the change.
        return local.toInstant(transition.getOffsetBefore());
    }

    /**
     * The first instant after {@code after} at which the member's clock shows {@code local} (or the gap that skips
     * it ends). In an overlap that is the second showing when the first is already past.
     */
    public static Instant firstAfter(LocalDateTime local, ZoneId zone, Instant after) {
        Instant first = earliest(local, zone);
        if (first.isAfter(after)) {
            return first;
        }
        ZoneOffsetTransition transition = zone.getRules().getTransition(local);
        if (transition != null && transition.isOverlap()) {
            return local.toInstant(transition.getOffsetAfter());
        }
        return first;
    }
}
