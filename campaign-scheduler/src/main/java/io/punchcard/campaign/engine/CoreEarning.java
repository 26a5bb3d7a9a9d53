package io.punchcard.campaign.engine;

import java.time.Instant;
import java.util.Set;

/**
 * The earning rules campaigns put in the core's program: one per earning campaign, named after it, in force
 * while the campaign runs. Putting or removing a rule twice is the same as once.
 */
public interface CoreEarning {

    /** The rule's id in the program for campaign {@code id}. */
    static String ruleId(String id) {
        return "campaign." + id;
    }

    /** Puts campaign {@code id}'s rule in the program, valid from {@code from} to {@code until}. */
    void install(String id, Trigger.Earning earning, Instant from, Instant until);

    /** Takes campaign {@code id}'s rule out of the program; nothing when it is not there. */
    void remove(String id);

    /** The campaigns whose rules the program holds now. */
    Set<String> installed();
}
