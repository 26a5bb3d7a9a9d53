package io.punchcard.api.v1;

import java.util.UUID;

/**
 * Who a purchase, quote or redemption is for: the member's id, or one identifier. All empty means an
 * anonymous shopper.
 *
 * @param memberId   the member's id
 * @param card       a loyalty card number
 * @param phone      a phone number
 * @param email      an e-mail address
 * @param qr         a scanned QR token
 * @param externalId an id in another system, {@code channel:id}
 */
public record MemberRef(UUID memberId, String card, String phone, String email, String qr, String externalId) {

    public static MemberRef id(UUID memberId) {
        return new MemberRef(memberId, null, null, null, null, null);
    }

    public static MemberRef card(String card) {
        return new MemberRef(null, card, null, null, null, null);
    }
}
