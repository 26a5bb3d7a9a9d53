package io.punchcard.api.v1;

import java.time.Instant;

/**
 * A member of staff's session, opened by the manager console with their e-mail and password: while it lives, the
 * console's key acts as that person (their role decides what it may do), sending the token as {@code
 * X-Staff-Session} beside the key.
 *
 * @param token       {@code ss_…}, shown once
 * @param staff       whose session it is
 * @param expiresAt   when it ends at the latest, however busy
 * @param idleSeconds it ends after this long without a call
 */
public record StaffSession(String token, StaffAccount staff, Instant expiresAt, int idleSeconds) {

    /** The header the console sends a staff session's token in. */
    public static final String HEADER = "X-Staff-Session";
}
