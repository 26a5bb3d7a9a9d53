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
}
