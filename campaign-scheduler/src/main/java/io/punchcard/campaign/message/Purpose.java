package io.punchcard.campaign.message;

/**
 * Why a message is sent, which decides the rules it meets at send time: marketing needs the member's consent for
 * the channel, counts towards their frequency cap and waits out quiet hours; a transactional message (a one-time
 * code, a receipt the member asked for) needs none of that, and is repeated when its first send's outcome is unknown.
 */
public enum Purpose {
    MARKETING,
    TRANSACTIONAL;

    /**
     * What a message becomes when its send was lost (its worker died while handing it over, or the provider's
     * answer never came): a marketing message is UNKNOWN and not sent again, since twice is worse than never; a
     * transactional one is queued again, since a code or a receipt sent twice is harmless and one never sent is not.
     */
    public MessageState afterLostSend() {
        return switch (this) {
            case MARKETING -> MessageState.UNKNOWN;
            case TRANSACTIONAL -> MessageState.QUEUED;
        };
    }
}
