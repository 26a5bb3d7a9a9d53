package io.punchcard.loyalty.kpi;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * What a page of events needs from the tables besides the events themselves: members' join facts and current state
 * (erasure empties a {@code member.joined} payload, and points events name no store), and the sales refunds refund.
 *
 * @param members   the members the page's events name (and the duplicates merged into them)
 * @param purchases the purchases the page's refunds refund
 */
public record Facts(Map<UUID, MemberFacts> members, Map<UUID, SaleFacts> purchases) {

    public Facts {
        members = Map.copyOf(members);
        purchases = Map.copyOf(purchases);
    }

    /** Store codes as the rollups key them: a sale or an enrolment in no store is {@code ""}. */
    public static String storeKey(String store) {
        return store == null ? "" : store;
    }

    /**
     * @param store   the join store as the rollups key it ({@link #storeKey})
     * @param channel the join channel
     * @param joined  when the member was enrolled
     * @param tier    their tier while active; null once merged or erased (they no longer count among members)
     */
    public record MemberFacts(String store, String channel, Instant joined, String tier) {
    }

    /**
     * @param store   the sale's store as the rollups key it
     * @param channel the sale's channel
     * @param member  whether a member made it
     */
    public record SaleFacts(String store, String channel, boolean member) {
    }
}
