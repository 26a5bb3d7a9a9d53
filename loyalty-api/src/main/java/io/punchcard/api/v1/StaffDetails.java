package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A staff account as admins read it ({@code GET /api/v1/staff}, and the answers of creating, changing and resetting
 * one): {@link StaffAccount} and when it was made and changed, by whom, and whether wrong passwords lock it.
 *
 * @param id                 its id
 * @param email              the login, lower-cased
 * @param name               the person's name
 * @param role               ADMIN, STORE_MANAGER or CASHIER
 * @param stores             the stores a STORE_MANAGER manages
 * @param mustChangePassword whether the next session may only change the password
 * @param failedAttempts     wrong passwords since the last right one
 * @param lockedUntil        until when logins are refused; null when not locked
 * @param disabled           whether the account may not log in
 * @param createdAt          when it was created
 * @param createdBy          who created it (a staff id, {@code key:<id>} or {@code cli})
 * @param updatedAt          when it last changed
 * @param updatedBy          who changed it last
 */
public record StaffDetails(UUID id, String email, String name, String role, List<String> stores,
                           boolean mustChangePassword, int failedAttempts, Instant lockedUntil, boolean disabled,
                           Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {
}
