package io.punchcard.api.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * A kiosk's session for one member: while it lives, the kiosk key that opened it may read and act for that member
 * only, sending the token as {@code X-Kiosk-Session} beside the key. A KIOSK key without a session can enrol a
 * member and open a session, nothing that reads or spends a member's points.
 *
 * @param token       {@code ks_…}, shown once
 * @param memberId    the member it acts for
 * @param expiresAt   when it ends at the latest, however busy
 * @param idleSeconds it ends after this long without a call
 */
public record KioskSession(String token, UUID memberId, Instant expiresAt, int idleSeconds) {

    /** The header a kiosk sends its session's token in. */
    public static final String HEADER = "X-Kiosk-Session";
}
