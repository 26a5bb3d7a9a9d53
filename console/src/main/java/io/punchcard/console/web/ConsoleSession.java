package io.punchcard.console.web;

import java.time.Instant;

import io.punchcard.api.v1.StaffAccount;
import io.punchcard.console.staff.Expiry;
import io.punchcard.console.staff.Role;

/**
 * One person's login to the console, kept in this server's memory: the core's session token (which never reaches the
 * browser), their account as the core last answered it, and when the session ends. The browser holds only the random
 * id, in an HttpOnly cookie.
 */
public final class ConsoleSession {

    private final String id;
    private final String coreToken;
    private final Expiry expiry;
    private volatile StaffAccount staff;
    private volatile Instant readAt;
    private volatile Instant lastSeen;
    private volatile String notice;

    ConsoleSession(String id, String coreToken, StaffAccount staff, Expiry expiry, Instant openedAt) {
        this.id = id;
        this.coreToken = coreToken;
        this.staff = staff;
        this.expiry = expiry;
        this.lastSeen = openedAt;
        this.readAt = openedAt;
    }

    /** The account is read again from the core at most this often, so an admin's change reaches the pages. */
    static final java.time.Duration READ_EVERY = java.time.Duration.ofMinutes(1);

    /** The random id in the browser's cookie. */
    public String id() {
        return id;
    }

    /** The core's token of the staff session: sent as {@code X-Staff-Session}, never shown. */
    public String coreToken() {
        return coreToken;
    }

    /** The account as the core last answered it. */
    public StaffAccount staff() {
        return staff;
    }

    /** The account's role; a role this console does not know yet sees no more than a cashier. */
    public Role role() {
        return Role.of(staff.role()).orElse(Role.CASHIER);
    }

    /** Keeps what the core answered about the account at {@code at} (after a password change, a fresh read). */
    public void staff(StaffAccount account, Instant at) {
        this.staff = account;
        this.readAt = at;
    }

    /** Whether the account was last read from the core longer ago than {@link #READ_EVERY}. */
    boolean staleAt(Instant now) {
        return !now.isBefore(readAt.plus(READ_EVERY));
    }

    Expiry expiry() {
        return expiry;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void seen(Instant at) {
        this.lastSeen = at;
    }

    /** A sentence for the next page ("Your password is changed."); shown once. */
    public void notice(String sentence) {
        this.notice = sentence;
    }

    /** The sentence left for this page, forgotten once taken; null when none. */
    public String takeNotice() {
        String taken = notice;
        notice = null;
        return taken;
    }
}
