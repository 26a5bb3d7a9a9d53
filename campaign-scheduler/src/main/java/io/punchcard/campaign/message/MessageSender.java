package io.punchcard.campaign.message;

/**
 * A channel's provider: an SMTP server or an SMS gateway. Implementations never throw for what a provider
 * answers; every answer, and every failure to get one, is a {@link SendOutcome}.
 */
public interface MessageSender {

    /** The channel this sender serves. */
    Channel channel();

    /** Hands one message to the provider and says what became of it. Blocking; safe from several threads. */
    SendOutcome send(OutgoingMessage message);

    /**
     * The longest one send can take by this sender's own timeouts: a message being handed over stays its worker's
     * at least this long, so no other instance settles a send that is still under way.
     */
    default java.time.Duration longestSend() {
        return java.time.Duration.ZERO;
    }
}
