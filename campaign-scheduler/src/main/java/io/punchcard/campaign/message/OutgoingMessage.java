package io.punchcard.campaign.message;

import java.net.URI;

/**
 * One rendered message handed to a channel: everything the provider needs, nothing it must look up.
 *
 * @param channel        e-mail or SMS
 * @param to             an e-mail address, or an E.164 phone number
 * @param subject        the e-mail subject; null for SMS
 * @param textBody       the plain-text part of an e-mail, or the SMS text
 * @param htmlBody       the HTML part of an e-mail; null for SMS
 * @param reference      our own id of this message, unique for ever: the local part of the e-mail's
 *                       {@code Message-ID}, or the reference a gateway echoes back in its delivery receipts
 * @param unsubscribeUrl the signed one-click unsubscribe link of a marketing e-mail (RFC 8058); null otherwise
 */
public record OutgoingMessage(Channel channel, String to, String subject, String textBody, String htmlBody,
                              String reference, URI unsubscribeUrl) {

    public OutgoingMessage {
        if (channel == null || to == null || to.isBlank() || textBody == null || reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("channel, to, textBody and reference are required");
        }
        if (channel == Channel.EMAIL && (subject == null || htmlBody == null)) {
            throw new IllegalArgumentException("an e-mail has a subject and an HTML part");
        }
        if (channel == Channel.SMS && (subject != null || htmlBody != null || unsubscribeUrl != null)) {
            throw new IllegalArgumentException("an SMS is its text only");
        }
    }
}
