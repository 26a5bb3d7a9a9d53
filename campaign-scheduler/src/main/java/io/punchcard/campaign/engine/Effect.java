package io.punchcard.campaign.engine;

import java.time.Instant;
import java.util.UUID;

/**
 * One campaign's effect on one member at one occurrence, as a worker takes it up.
 *
 * @param id         the row
 * @param key        the idempotency id of what it asks of the core ({@code campaign-effect:<key>:<action>})
 * @param campaign   the campaign
 * @param occurrence which occurrence
 * @param member     whom
 * @param reserved   whether its share of the budget is already counted
 * @param attempts   tries so far, this one included
 * @param dueAt      when it was due
 */
public record Effect(long id, UUID key, String campaign, String occurrence, UUID member, boolean reserved,
                     int attempts, Instant dueAt) {

    /** The core's idempotency id for action {@code index} of this effect. */
    public String actionKey(int index) {
        return "campaign-effect:" + key + ":" + index;
    }
}
