package io.punchcard.console.web;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.StaffAccount;
import io.punchcard.console.staff.Role;

/**
 * A logged-in person's request: their session, the core as them (the console's key in their staff session, so the
 * core decides by their role too), and the token their forms carry.
 *
 * @param session the console session
 * @param core    the core, in the person's staff session
 * @param csrf    the token of the session's forms
 */
public record Visit(ConsoleSession session, PunchcardClient core, String csrf) {

    public StaffAccount staff() {
        return session.staff();
    }

    public Role role() {
        return session.role();
    }
}
