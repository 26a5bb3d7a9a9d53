package io.punchcard.loyalty.access;

import java.time.Instant;
import java.util.Optional;

/** Kiosk sessions: opened for a member, found by their token on each request, ended by the kiosk. */
public interface Sessions {

    /** Stores {@code session}; the returned token ({@code ks_…}) is shown this once and kept only hashed. */
    String open(Session session);

    /** The session a presented token belongs to, live or not; empty for a token of no session. */
    Optional<Session> find(String token);

    /** Writes a use of the session of {@code token} at {@code at}. */
    void touch(String token, Instant at);

    /** Ends the session of {@code token} when it is {@code keyId}'s; nothing when there is none. */
    void end(String token, String keyId);
}
