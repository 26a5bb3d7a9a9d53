package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/staff/sessions}: a member of staff logs in to the console (a CONSOLE or ADMIN key).
 *
 * @param email    their account's e-mail, however cased
 * @param password their password
 */
public record OpenStaffSession(String email, String password) {

    @Override
    public String toString() {
        // Never in a log line.
        return "OpenStaffSession[email=" + email + ", password=…]";
    }
}
