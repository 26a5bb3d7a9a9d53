package io.punchcard.api.v1;

import java.util.List;

/**
 * {@code POST /api/v1/staff} (admins): a new staff account.
 *
 * @param email    the login
 * @param name     the person's name
 * @param role     ADMIN, STORE_MANAGER or CASHIER
 * @param stores   the stores of a STORE_MANAGER (at least one); empty for the other roles
 * @param password the first password, which its holder must change at their first login
 */
public record NewStaff(String email, String name, String role, List<String> stores, String password) {

    @Override
    public String toString() {
        // Never in a log line.
        return "NewStaff[email=" + email + ", name=" + name + ", role=" + role + ", stores=" + stores
                + ", password=…]";
    }
}
