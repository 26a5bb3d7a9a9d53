package io.punchcard.campaign.engine;

import java.time.Instant;

import io.punchcard.campaign.engine.Campaign.Status;

/**
 * The moves of a campaign's life, as staff and the clock make them. A move that does not apply to the status a
 * campaign is in is refused with the reason, never ignored.
 */
public final class Lifecycle {

    /** What staff (or the clock) ask of a campaign. */
    public enum Move {
        /** DRAFT to SCHEDULED: it starts at its {@code startsAt} (at once when that is past or not set). */
        SCHEDULE,
        /** SCHEDULED back to DRAFT. */
        UNSCHEDULE,
        /** RUNNING to PAUSED. */
        PAUSE,
        /** PAUSED to RUNNING (or SCHEDULED when its start is still ahead). */
        RESUME,
        /** SCHEDULED, RUNNING or PAUSED to FINISHED, for good. */
        FINISH
    }

    /**
     * The outcome of a move.
     *
     * @param status    the new status
     * @param startsNow true when the campaign starts running with this move (events from now on fire it)
     */
    public record Moved(Status status, boolean startsNow) {
    }

    /** A move that does not apply, with the reason a manager reads. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    private Lifecycle() {
    }

    /** Where {@code move} takes a campaign in {@code from} with {@code spec}, at {@code now}. */
    public static Moved move(Status from, Move move, CampaignSpec spec, Instant now) {
        return switch (move) {
            case SCHEDULE -> {
                require(from == Status.DRAFT, "only a draft can be scheduled; this campaign is " + from);
                if (spec.endsAt() != null && !spec.endsAt().isAfter(now)) {
                    throw new Refused("its endsAt is past: change it before scheduling");
                }
                yield startOrWait(spec, now);
            }
            case UNSCHEDULE -> {
                require(from == Status.SCHEDULED, "only a scheduled campaign can go back to draft; this one is " + from);
                yield new Moved(Status.DRAFT, false);
            }
            case PAUSE -> {
                require(from == Status.RUNNING, "only a running campaign can be paused; this one is " + from);
                yield new Moved(Status.PAUSED, false);
            }
            case RESUME -> {
                require(from == Status.PAUSED, "only a paused campaign can be resumed; this one is " + from);
                yield startOrWait(spec, now);
            }
            case FINISH -> {
                require(from == Status.SCHEDULED || from == Status.RUNNING || from == Status.PAUSED,
                        "a " + from + " campaign cannot be finished" + (from == Status.DRAFT ? " (delete the draft)" : ""));
                yield new Moved(Status.FINISHED, false);
            }
        };
    }

    /** What the clock does to a campaign at {@code now}: starts a scheduled one, finishes one past its end. */
    public static Status tick(Status status, CampaignSpec spec, Instant now) {
        boolean ended = spec.endsAt() != null && !spec.endsAt().isAfter(now);
        return switch (status) {
            case SCHEDULED -> ended ? Status.FINISHED : startOrWait(spec, now).status();
            case RUNNING, PAUSED -> ended ? Status.FINISHED : status;
            case DRAFT, FINISHED -> status;
        };
    }

    /** Whether {@code spec} may be changed in {@code status}. */
    public static void requireEditable(Status status) {
        require(status != Status.FINISHED, "a finished campaign cannot be changed");
    }

    private static Moved startOrWait(CampaignSpec spec, Instant now) {
        boolean due = spec.startsAt() == null || !spec.startsAt().isAfter(now);
        return due ? new Moved(Status.RUNNING, true) : new Moved(Status.SCHEDULED, false);
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new Refused(reason);
        }
    }
}
