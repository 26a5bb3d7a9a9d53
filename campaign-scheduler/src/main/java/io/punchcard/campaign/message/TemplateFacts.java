package io.punchcard.campaign.message;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

/**
 * What a template may say about one member, gathered by the caller before rendering (the renderer reads
 * nothing itself). Absent facts are null and render empty; {@link TemplateRenderer} reports them.
 *
 * @param givenName         the member's given name, as they typed it (escaped in HTML)
 * @param points            available points
 * @param pendingPoints     points earned but not yet available
 * @param tierName          the member's tier, or null in a program without tiers
 * @param nextTierName      the tier above, or null at the top
 * @param pointsToNextTier  points still needed for {@code nextTierName}; 0 when there is none
 * @param voucherCode       the voucher this message is about, or null
 * @param voucherQrUrl      an image link to the voucher's QR code, or null
 * @param expiringPoints    points that expire next; 0 when none do
 * @param expiresAt         when {@code expiringPoints} expire, or null
 * @param storeName         the member's home store, or null
 * @param language          the member's language, e.g. {@code pt-BR}
 * @param timeZone          the member's time zone, for dates
 * @param oneTimeCode       the code of a one-time-code message, or null
 * @param pointsEarned      the points a receipt reports, or null
 * @param purchaseTotal     the total a receipt reports, already written as money, or null
 * @param unsubscribeUrl    the signed one-click unsubscribe link of a marketing e-mail, or null
 * @param note              the cause's text for the reader (a store manager's alerts), or null
 */
public record TemplateFacts(
        String givenName,
        long points,
        long pendingPoints,
        String tierName,
        String nextTierName,
        long pointsToNextTier,
        String voucherCode,
        URI voucherQrUrl,
        long expiringPoints,
        Instant expiresAt,
        String storeName,
        Locale language,
        ZoneId timeZone,
        String oneTimeCode,
        Long pointsEarned,
        String purchaseTotal,
        URI unsubscribeUrl,
        String note) {

    /** The facts without a note. */
    public TemplateFacts(String givenName, long points, long pendingPoints, String tierName, String nextTierName,
                         long pointsToNextTier, String voucherCode, URI voucherQrUrl, long expiringPoints,
                         Instant expiresAt, String storeName, Locale language, ZoneId timeZone, String oneTimeCode,
                         Long pointsEarned, String purchaseTotal, URI unsubscribeUrl) {
        this(givenName, points, pendingPoints, tierName, nextTierName, pointsToNextTier, voucherCode, voucherQrUrl,
                expiringPoints, expiresAt, storeName, language, timeZone, oneTimeCode, pointsEarned, purchaseTotal,
                unsubscribeUrl, null);
    }

    /** The member's own facts, without a cause's. */
    public TemplateFacts(String givenName, long points, long pendingPoints, String tierName, String nextTierName,
                         long pointsToNextTier, String voucherCode, URI voucherQrUrl, long expiringPoints,
                         Instant expiresAt, String storeName, Locale language, ZoneId timeZone) {
        this(givenName, points, pendingPoints, tierName, nextTierName, pointsToNextTier, voucherCode, voucherQrUrl,
                expiringPoints, expiresAt, storeName, language, timeZone, null, null, null, null);
    }

    /** These facts with what the message's cause adds, and its unsubscribe link. */
    public TemplateFacts with(CauseFacts cause, URI voucherQrUrl, URI unsubscribeUrl) {
        return new TemplateFacts(givenName, points, pendingPoints, tierName, nextTierName, pointsToNextTier,
                cause.voucherCode() != null ? cause.voucherCode() : voucherCode,
                voucherQrUrl != null ? voucherQrUrl : this.voucherQrUrl, expiringPoints, expiresAt, storeName, language,
                timeZone, cause.oneTimeCode(), cause.pointsEarned(), cause.purchaseTotal(), unsubscribeUrl, cause.note());
    }

    public TemplateFacts {
        if (points < 0 || pendingPoints < 0 || pointsToNextTier < 0 || expiringPoints < 0) {
            throw new IllegalArgumentException("point counts are never negative");
        }
        if (language == null || timeZone == null) {
            throw new IllegalArgumentException("language and timeZone are required");
        }
        if (voucherQrUrl != null && !("https".equals(voucherQrUrl.getScheme()) || "http".equals(voucherQrUrl.getScheme()))) {
            throw new IllegalArgumentException("voucherQrUrl must be an http(s) link");
        }
    }
}
