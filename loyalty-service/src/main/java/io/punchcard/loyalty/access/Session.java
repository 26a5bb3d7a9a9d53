package io.punchcard.loyalty.access;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A kiosk's session for one member, as stored: the KIOSK key that holds it, the member it acts for, and the
 * moments its life is measured by (see {@link SessionPolicy}).
 *
 * @param keyId      the public id of the KIOSK key that holds it
 * @param memberId   the member it acts for
 * @param createdAt  when it was opened
 * @param lastUsedAt when a request last used it, as last written (at most {@link SessionPolicy#touchEvery()} old)
 * @param expiresAt  when it ends at the latest, however busy
 */
public record Session(String keyId, UUID memberId, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {

    /** Whether it still lives at {@code now}: before its absolute end and used within the idle time. */
    public boolean liveAt(Instant now, SessionPolicy policy) {
        return now.isBefore(expiresAt) && now.isBefore(lastUsedAt.plus(policy.idle()));
    }

    /** Whether a use at {@code now} should be written: the last one written is {@code touchEvery} old or older. */
    public boolean touchDueAt(Instant now, SessionPolicy policy) {
        return !Duration.between(lastUsedAt, now).minus(policy.touchEvery()).isNegative();
    }
}
