package io.punchcard.loyalty.access;

import java.util.UUID;

/**
 * Who did something, as the audit records it: the member of staff in whose session it was done (null when an
 * API key acted alone) and the key it came through ({@code cli} for the command line).
 *
 * @param staffId the member of staff, or null
 * @param keyId   the API key's public id, or {@code cli}
 */
public record Actor(UUID staffId, String keyId) {

    /** The command line ({@code ./punchcard staff …}), run by whoever holds the database's credentials. */
    public static final Actor CLI = new Actor(null, "cli");

    /** The program file applied at start ({@code program.apply}), put there by whoever runs the installation. */
    public static final Actor PROGRAM_FILE = new Actor(null, "program-file");

    /** How {@code created_by} and {@code updated_by} name it: the staff id, or {@code key:<id>}. */
    public String name() {
        return staffId != null ? staffId.toString() : "key:" + keyId;
    }
}
