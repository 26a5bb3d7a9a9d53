package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/kiosk/sessions}: a kiosk starts acting for one member, the one the shopper proved to be.
 * Exactly one way of proof is given:
 * <ul>
 *   <li>{@code card} or {@code qr}: what the kiosk's scanner read (a KIOSK key; the session is the key's);</li>
 *   <li>{@code phone} with {@code kioskKey}: a number the shopper proved theirs with a one-time code, asserted by
 *       the service that checked the code (a CONNECTOR or ADMIN key; the session is for the kiosk key named).</li>
 * </ul>
 *
 * @param card     a loyalty card number
 * @param qr       the token of a member's QR code
 * @param phone    E.164, checked by a one-time code
 * @param kioskKey the public id of the KIOSK key the session is for, with {@code phone}
 */
public record OpenKioskSession(String card, String qr, String phone, String kioskKey) {

    public static OpenKioskSession byCard(String card) {
        return new OpenKioskSession(card, null, null, null);
    }

    public static OpenKioskSession byQr(String qr) {
        return new OpenKioskSession(null, qr, null, null);
    }

    public static OpenKioskSession byPhone(String phone, String kioskKey) {
        return new OpenKioskSession(null, null, phone, kioskKey);
    }
}
