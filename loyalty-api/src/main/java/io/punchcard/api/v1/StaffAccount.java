package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

/**
 * A staff account as the console shows it (never with its password).
 *
 * @param id                 its id
 * @param email              the login, lower-cased
 * @param name               the person's name
 * @param role               ADMIN, STORE_MANAGER or CASHIER
 * @param stores             the stores a STORE_MANAGER manages
 * @param mustChangePassword whether the session may only change the password until it is changed
 * @param disabled           whether the account may not log in
 */
public record StaffAccount(UUID id, String email, String name, String role, List<String> stores,
                           boolean mustChangePassword, boolean disabled) {
}
