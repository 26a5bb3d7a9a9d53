package io.punchcard.loyalty.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A staff account as stored, without its password hash (which only {@link StaffAccounts} and the store see), so a
 * copy of it can be shown and audited as it is.
 *
 * @param id                 its id
 * @param email              the login, unique however it is cased
 * @param name               what colleagues call them
 * @param role               what they may do
 * @param stores             the program stores a STORE_MANAGER manages, or a CASHIER works at (none: every store); empty for an ADMIN
 * @param mustChangePassword whether their next session may only change the password (after an admin set it)
 * @param failedAttempts     wrong passwords since the last right one
 * @param lockedUntil        until when logins are refused, or null
 * @param disabled           whether they may not log in at all
 * @param createdAt          when the account was created
 * @param createdBy          who created it (a staff id or {@code key:<id>})
 * @param updatedAt          when it last changed
 * @param updatedBy          who changed it last
 */
public record Staff(UUID id, String email, String name, StaffRole role, List<String> stores,
                    boolean mustChangePassword, int failedAttempts, Instant lockedUntil, boolean disabled,
                    Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    public Staff {
        stores = List.copyOf(stores);
    }

    /** The same account after a login: {@code failures} wrong passwords in a row, locked until {@code until}. */
    public Staff afterLogin(int failures, Instant until) {
        return new Staff(id, email, name, role, stores, mustChangePassword, failures, until, disabled, createdAt,
                createdBy, updatedAt, updatedBy);
    }

    /** The same account with the given name, role, stores and whether disabled, changed by {@code by} at {@code at}. */
    public Staff changed(String name, StaffRole role, List<String> stores, boolean disabled, Instant at, Actor by) {
        return new Staff(id, email, name, role, stores, mustChangePassword, failedAttempts, lockedUntil, disabled,
                createdAt, createdBy, at, by.name());
    }

    /** The same account with a new password, set by {@code by} at {@code at}: unlocked, and to be changed if so. */
    public Staff newPassword(boolean mustChange, Instant at, Actor by) {
        return new Staff(id, email, name, role, stores, mustChange, 0, null, disabled, createdAt, createdBy, at,
                by.name());
    }

    /** Whether it is an ADMIN that may log in: one of those the installation must keep. */
    public boolean activeAdmin() {
        return role == StaffRole.ADMIN && !disabled;
    }

    /** Whether logins are refused at {@code now} because of wrong passwords. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }
}
