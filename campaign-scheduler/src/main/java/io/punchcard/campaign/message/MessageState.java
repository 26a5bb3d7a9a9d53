package io.punchcard.campaign.message;

/**
 * Where a message stands. QUEUED, CLAIMED and SENDING are on the way; the others are final and say why.
 *
 * <p>CLAIMED means a worker holds the message under a lease and has not handed it over yet: a worker that dies
 * then leaves nothing sent, so the message is queued again. SENDING means it was being handed to the provider: a
 * worker that dies then leaves the outcome unknown.
 */
public enum MessageState {
    QUEUED,
    CLAIMED,
    SENDING,
    /** The provider took it. */
    SENT,
    /** It may or may not have gone; a marketing message is not tried again. */
    UNKNOWN,
    /** A rule said no (no consent, cap reached, no address): see the outcome. */
    SUPPRESSED,
    /** The provider refused it for good. */
    REJECTED,
    /** It could not be sent: the template failed, or temporary failures lasted past the last try. */
    FAILED,
    /** The member opted out of the channel, or staff cancelled it, before it went. */
    CANCELLED,
    /** It was not sent before it stopped being worth sending. */
    EXPIRED;

    public boolean isFinal() {
        return switch (this) {
            case QUEUED, CLAIMED, SENDING -> false;
            case SENT, UNKNOWN, SUPPRESSED, REJECTED, FAILED, CANCELLED, EXPIRED -> true;
        };
    }
}
