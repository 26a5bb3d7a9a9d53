package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The one function that decides, at send time, whether a due message goes now, waits or is dropped. Pure: the
 * store gathers the facts into a {@link Candidate}, the dispatcher carries out the {@link Decision}, and the
 * provider's global rate is the dispatcher's (see {@link TokenBucket}), not a rule here.
 *
 * <p>The order, fixed, first match wins:
 * <ol>
 *   <li>Expired: {@code dueAt} plus the purpose's max age is before {@code now}; dropped, since a late offer or a
 *       stale one-time code is worse than none. Exactly at the deadline still goes.</li>
 *   <li>No address: nothing to send to; dropped.</li>
 *   <li>Consent (marketing only): the member has not agreed to marketing on this channel, or opted out here since;
 *       dropped.</li>
 *   <li>Frequency cap (marketing only): the member had their share in the cap's window; dropped, since an offer
 *       held back for days would arrive stale.</li>
 *   <li>Quiet hours (marketing only): deferred to the window's end on the member's clock, never dropped.</li>
 *   <li>Otherwise: send. A transactional message (a one-time code, a receipt) goes at any hour, capped or not.</li>
 * </ol>
 * Expiry comes first so the reason recorded for an old message is its age, whatever else changed meanwhile.
 */
public final class SendRules {

    private SendRules() {
    }

    /** Why a message is not sent now. */
    public enum Reason {
        EXPIRED,
        NO_ADDRESS,
        NO_CONSENT,
        CAPPED,
        QUIET_HOURS
    }

    /** What to do with one due message. */
    public sealed interface Decision {

        /** Hand it to the provider now (subject to the channel's rate). */
        record Send() implements Decision {
        }

        /**
         * Never send it; record why.
         *
         * @param reason what stopped it
         * @param detail the facts behind the reason, in words for staff reading the message's history
         */
        record Suppress(Reason reason, String detail) implements Decision {
            public Suppress {
                if (reason == null || detail == null) {
                    throw new IllegalArgumentException("reason and detail are required");
                }
            }
        }

        /**
         * Try it again at {@code until}. The store moves the message's {@code dueAt} to {@code until}: its max age
         * then counts from there, so waiting out quiet hours never expires a message.
         *
         * @param until  the earliest instant it may go, never before the {@code now} it was decided at
         * @param reason what holds it back
         */
        record Defer(Instant until, Reason reason) implements Decision {
            public Defer {
                if (until == null || reason == null) {
                    throw new IllegalArgumentException("until and reason are required");
                }
            }
        }
    }

    /**
     * What the core and our own records say about a member's consent to marketing on one channel. An opt-out we
     * recorded ourselves (an unsubscribe click, an SMS STOP) may not have reached the core yet: it wins over a
     * consent given before or at the same instant, and loses to one given again after it.
     *
     * @param granted    the core's consent for the channel
     * @param at         when the core's consent was last given or changed; null when it does not say
     * @param optedOutAt our latest local opt-out for the channel, or null when there is none
     */
    public record ConsentState(boolean granted, Instant at, Instant optedOutAt) {

        /** True when marketing may go on this channel. */
        public boolean allowsMarketing() {
            if (!granted) {
                return false;
            }
            // A consent of unknown date cannot be shown to be newer than the opt-out, so the opt-out stands.
            return optedOutAt == null || at != null && at.isAfter(optedOutAt);
        }
    }

    /**
     * The facts about one due message and its member.
     *
     * @param purpose                  marketing or transactional
     * @param channel                  e-mail or SMS
     * @param hasAddress               the member has an address for the channel
     * @param consent                  the member's consent for the channel
     * @param dueAt                    when the message was due, or where a {@link Decision.Defer} moved it
     * @param zone                     the member's time zone
     * @param marketingSentInCapWindow marketing messages sent to the member since
     *                                 {@link FrequencyCap#windowStart} of the settings' cap at the same {@code now}
     */
    public record Candidate(Purpose purpose, Channel channel, boolean hasAddress, ConsentState consent, Instant dueAt,
                            ZoneId zone, long marketingSentInCapWindow) {

        public Candidate {
            if (purpose == null || channel == null || consent == null || dueAt == null || zone == null) {
                throw new IllegalArgumentException("purpose, channel, consent, dueAt and zone are required");
            }
            if (marketingSentInCapWindow < 0) {
                throw new IllegalArgumentException("marketingSentInCapWindow is a count, never negative");
            }
        }
    }

    /** What to do with {@code c} at {@code now} under {@code s}, in the order the class comment gives. */
    public static Decision decide(Candidate c, MessagingSettings s, Instant now) {
        Duration maxAge = s.maxAge(c.purpose());
        Instant deadline = c.dueAt().plus(maxAge);
        if (deadline.isBefore(now)) {
            return new Decision.Suppress(Reason.EXPIRED,
                    "due " + c.dueAt() + ", not sent within " + maxAge + " (by " + deadline + ")");
        }
        if (!c.hasAddress()) {
            return new Decision.Suppress(Reason.NO_ADDRESS, "the member has no " + c.channel() + " address");
        }
        return switch (c.purpose()) {
            case TRANSACTIONAL -> new Decision.Send();
            case MARKETING -> decideMarketing(c, s, now);
        };
    }

    private static Decision decideMarketing(Candidate c, MessagingSettings s, Instant now) {
        ConsentState consent = c.consent();
        if (!consent.allowsMarketing()) {
            String detail;
            if (!consent.granted()) {
                detail = "no consent to marketing by " + c.channel();
            } else if (consent.at() == null) {
                detail = "opted out of " + c.channel() + " at " + consent.optedOutAt() + "; the consent has no date";
            } else {
                detail = "opted out of " + c.channel() + " at " + consent.optedOutAt() + ", not before the consent of "
                        + consent.at();
            }
            return new Decision.Suppress(Reason.NO_CONSENT, detail);
        }
        FrequencyCap cap = s.frequencyCap();
        if (cap.reached(c.marketingSentInCapWindow())) {
            return new Decision.Suppress(Reason.CAPPED, c.marketingSentInCapWindow() + " marketing messages since "
                    + cap.windowStart(now, c.zone()) + ", the cap is " + cap.maxMessages() + " in " + cap.days() + " days");
        }
        Instant allowed = s.quietHours().nextAllowed(now, c.zone());
        if (allowed.isAfter(now)) {
            return new Decision.Defer(allowed, Reason.QUIET_HOURS);
        }
        return new Decision.Send();
    }
}
