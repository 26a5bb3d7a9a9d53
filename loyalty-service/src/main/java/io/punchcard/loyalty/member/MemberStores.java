package io.punchcard.loyalty.member;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The stores a member belongs to, for limiting a member of staff to their stores' members ({@link
 * io.punchcard.loyalty.access.StoreScope}): the store they joined at, the one they prefer, and the stores they bought
 * at.
 */
public interface MemberStores {

    /**
     * The stores of {@code member} that matter for a scope of {@code among}: their join and preferred stores, and
     * those of {@code among} they bought at (a member's every store of purchase is never needed, only whether one is
     * a scope's). Empty when there is no such member.
     */
    Optional<Set<String>> storesOf(UUID member, Collection<String> among);

    /** Those of {@code members} who belong to one of {@code stores}, in one read. */
    Set<UUID> within(Collection<UUID> members, List<String> stores);
}
