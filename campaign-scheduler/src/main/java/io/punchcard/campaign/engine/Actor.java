package io.punchcard.campaign.engine;

import java.util.UUID;

/**
 * Who changes a campaign, as its record and audit trail name them.
 *
 * @param name  how {@code createdBy}, {@code updatedBy} and the audit's {@code actor} name them: a member of staff's
 *              e-mail, a key's name, or {@code clock}
 * @param staff the member of staff in whose console session the change was made; null for a key acting alone
 */
public record Actor(String name, Staff staff) {

    public Actor {
        java.util.Objects.requireNonNull(name, "name");
    }

    /** A key, or the clock, acting alone. */
    public static Actor named(String name) {
        return new Actor(name, null);
    }

    /**
     * @param id    the staff account's id in the core
     * @param email their login, as it was at the time of the change
     */
    public record Staff(UUID id, String email) {
    }
}
