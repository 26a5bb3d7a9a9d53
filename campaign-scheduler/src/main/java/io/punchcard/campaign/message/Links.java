package io.punchcard.campaign.message;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The links a message carries back to us: its signed one-click unsubscribe link and the image of a voucher's QR
 * code, under the address the scheduler is reached at from the members' mail clients.
 *
 * @param publicUrl the scheduler's address as members reach it, e.g. {@code https://loyalty.example.com}
 * @param secret    what unsubscribe links are signed with (32 bytes or more)
 */
public record Links(URI publicUrl, byte[] secret) {

    /** Where a link lands: {@code GET} shows a confirmation, {@code POST} (RFC 8058 one-click) unsubscribes. */
    public static final String UNSUBSCRIBE_PATH = "/unsubscribe/";
    /** Where a voucher's QR code is drawn as an image. */
    public static final String QR_PATH = "/scheduler/v1/qr/";

    public Links {
        if (publicUrl == null || !("http".equals(publicUrl.getScheme()) || "https".equals(publicUrl.getScheme()))
                || publicUrl.getHost() == null) {
            throw new IllegalArgumentException("messages.public-url must be an http(s) address, e.g. https://loyalty.example.com");
        }
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("the link secret must be 32 bytes or more");
        }
        String base = publicUrl.toString();
        publicUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        secret = secret.clone();
    }

    public URI unsubscribe(long messageId, UUID memberId, Channel channel) {
        return URI.create(publicUrl + UNSUBSCRIBE_PATH + UnsubscribeToken.sign(secret, messageId, memberId, channel));
    }

    /** What a preview shows in place of an unsubscribe link: one that unsubscribes no one. */
    public URI unsubscribePreview() {
        return URI.create(publicUrl + UNSUBSCRIBE_PATH + "preview");
    }

    public URI voucherQr(String voucherCode) {
        return URI.create(publicUrl + QR_PATH + URLEncoder.encode(voucherCode, StandardCharsets.UTF_8)
                .replace("+", "%20") + ".png");
    }
}
