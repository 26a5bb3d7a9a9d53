package io.punchcard.campaign.message;

/**
 * Why a message is sent, which decides the rules it meets at send time: marketing needs the member's consent for
 * the channel, counts towards their frequency cap and waits out quiet hours; a transactional message (a one-time
 * code, a receipt the member asked for) needs none of that, and is repeated when its first send's outcome is unknown.
 */
public enum Purpose {
    MARKETING,
    TRANSACTIONAL
}
