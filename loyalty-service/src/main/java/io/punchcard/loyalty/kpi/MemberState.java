package io.punchcard.loyalty.kpi;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A member as the tier and liability rollups count them: their join store, their tier while active (null once merged
 * or erased) and their points in open lots by the month those expire. The rollups hold each member's last counted
 * state; counting a member again replaces it, so the sums move by the difference and a member counted twice (two
 * events of one page, or a page read again) is counted once.
 *
 * @param store    join store, as the rollups key it
 * @param tier     tier code, or null when the member does not count (merged, erased, unknown)
 * @param expiring points in open lots by the first day of the month they expire in
 */
public record MemberState(String store, String tier, Map<LocalDate, Long> expiring) {

    public static final MemberState NONE = new MemberState("", null, Map.of());

    public MemberState {
        expiring = Map.copyOf(expiring);
    }

    public record StoreTier(String store, String tier) {
    }

    public record StoreMonth(String store, LocalDate month) {
    }

    /** How the per-store sums move when the members {@code members} go from {@code before} to {@code now}. */
    public record Differences(Map<StoreTier, Long> tiers, Map<StoreMonth, Long> expiring) {

        public static Differences between(Set<UUID> members, Map<UUID, MemberState> before, Map<UUID, MemberState> now) {
            Map<StoreTier, Long> tiers = new HashMap<>();
            Map<StoreMonth, Long> expiring = new HashMap<>();
            for (UUID member : members) {
                MemberState was = before.getOrDefault(member, NONE);
                MemberState is = now.getOrDefault(member, NONE);
                if (was.tier() != null) {
                    tiers.merge(new StoreTier(was.store(), was.tier()), -1L, Long::sum);
                }
                if (is.tier() != null) {
                    tiers.merge(new StoreTier(is.store(), is.tier()), 1L, Long::sum);
                }
                was.expiring().forEach((month, points) -> expiring.merge(new StoreMonth(was.store(), month), -points, Long::sum));
                is.expiring().forEach((month, points) -> expiring.merge(new StoreMonth(is.store(), month), points, Long::sum));
            }
            tiers.values().removeIf(n -> n == 0);
            expiring.values().removeIf(n -> n == 0);
            return new Differences(Map.copyOf(tiers), Map.copyOf(expiring));
        }
    }
}
