package io.punchcard.loyalty.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where staff accounts and their sessions are kept. It writes what {@link StaffAccounts} decided, each change with
 * its {@link Audit.Change} in one transaction.
 */
public interface StaffStore {

    /**
     * An account with its password hash, for a login.
     *
     * @param staff        the account
     * @param passwordHash its hash
     */
    record WithHash(Staff staff, String passwordHash) {
    }

    /** The account of {@code email} (as {@link StaffRules#normalEmail}). */
    Optional<WithHash> byEmail(String email);

    /** The account {@code id}. */
    Optional<WithHash> find(UUID id);

    /** All accounts, by e-mail. */
    List<Staff> list();

    /** Inserts {@code staff}; false, and nothing written, when its e-mail is taken. */
    boolean insert(Staff staff, String passwordHash, Audit.Change change);

    /** What {@link #update} did. */
    enum Updated {
        DONE,
        /** Nothing written: the change would leave no enabled ADMIN account. */
        NO_ADMIN_LEFT
    }

    /**
     * Writes {@code staff} over the stored account of its id, with {@code passwordHash} when not null; ends all its
     * sessions when {@code endSessions}; records {@code change} when not null. Refused when afterwards no enabled
     * ADMIN account would be left (checked under a lock of the admins' rows, so two admins demoting each other at
     * once cannot both succeed).
     */
    Updated update(Staff staff, String passwordHash, boolean endSessions, Audit.Change change);

    /**
     * A staff session as stored.
     *
     * @param staffId whose
     * @param times   the key that holds it and its times (its member is null)
     */
    record StaffSession(UUID staffId, Session times) {
    }

    /** Stores {@code session}; the returned token ({@code ss_…}) is shown this once and kept only hashed. */
    String openSession(StaffSession session);

    /** The session of {@code token}, live or not. */
    Optional<StaffSession> findSession(String token);

    /** Writes a use of the session of {@code token} at {@code at}. */
    void touchSession(String token, Instant at);

    /** Ends the session of {@code token} when {@code keyId} holds it. */
    void endSession(String token, String keyId);
}
