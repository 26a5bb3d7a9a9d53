package io.punchcard.campaign.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EventPage;
import io.punchcard.api.v1.EventPage.FeedEvent;

/**
 * A made-up feed of every kind the read model takes, in proportions a shop's feed has (mostly purchases and
 * points), from a seed: members join in several zones, buy over the last 400 days, get refunds, merge and are
 * erased. Served a page at a time as the core serves it.
 */
public final class FeedScript {

    public static final ZoneId PROGRAM = ZoneId.of("Europe/Paris");
    private static final String[] ZONES = {null, "Asia/Tokyo", "America/New_York", "UTC", "Pacific/Kiritimati"};
    private static final String[] CATEGORIES = {"shoes", "socks", "hats", "tea", "cups"};

    private final List<FeedEvent> events;

    private FeedScript(List<FeedEvent> events) {
        this.events = List.copyOf(events);
    }

    public static FeedScript of(int size, long seed, Instant now) {
        Random r = new Random(seed);
        List<FeedEvent> out = new ArrayList<>();
        List<UUID> alive = new ArrayList<>();
        Map<UUID, List<UUID>> sales = new HashMap<>();
        while (out.size() < size) {
            long id = out.size() + 1;
            Instant at = now.minusSeconds(size - id + 1);
            int k = r.nextInt(100);
            if (alive.size() < 5 || k < 8) {
                UUID m = new UUID(seed, id);
                alive.add(m);
                UUID referrer = r.nextInt(4) == 0 ? alive.get(r.nextInt(alive.size())) : null;
                out.add(Feed.entry(id, m, new LoyaltyEvent.MemberJoined(profile(r, referrer)), at));
                continue;
            }
            UUID m = alive.get(r.nextInt(alive.size()));
            LoyaltyEvent event;
            if (k < 50) {
                UUID sale = new UUID(seed + 1, id);
                sales.computeIfAbsent(m, x -> new ArrayList<>()).add(sale);
                Instant when = now.minus(Duration.ofDays(r.nextInt(400))).minusSeconds(r.nextInt(86_400));
                List<String> categories = new ArrayList<>();
                for (String c : CATEGORIES) {
                    if (r.nextInt(3) == 0) {
                        categories.add(c);
                    }
                }
                LoyaltyEvent.RulePoints[] rules = r.nextInt(5) == 0
                        ? new LoyaltyEvent.RulePoints[] {new LoyaltyEvent.RulePoints("double", "C" + r.nextInt(3), 20)}
                        : new LoyaltyEvent.RulePoints[0];
                event = Feed.purchase(sale, when, 100 + r.nextInt(20_000), categories, r.nextInt(10) == 0, rules);
            } else if (k < 60) {
                List<UUID> theirs = sales.getOrDefault(m, List.of());
                if (theirs.isEmpty()) {
                    event = new LoyaltyEvent.VoucherUsed(UUID.randomUUID(), "T", "sale", 0);
                } else {
                    event = Feed.refund(theirs.get(r.nextInt(theirs.size())), 1 + r.nextInt(500));
                }
            } else if (k < 75) {
                event = Feed.points(r.nextInt(5_000), now.atZone(PROGRAM).toLocalDate().plusDays(r.nextInt(60)),
                        r.nextInt(300));
            } else if (k < 82) {
                event = new LoyaltyEvent.TierChanged("SILVER", r.nextBoolean() ? "GOLD" : "SILVER", "upgrade");
            } else if (k < 88) {
                event = new LoyaltyEvent.ConsentsChanged(Map.of("EMAIL", new Consent(r.nextBoolean(), "t", null)),
                        List.of("EMAIL"));
            } else if (k < 92) {
                event = new LoyaltyEvent.MemberUpdated(profile(r, null), List.of("profile"));
            } else if (k < 95 && alive.size() > 2) {
                UUID duplicate = alive.get(r.nextInt(alive.size()));
                if (duplicate.equals(m)) {
                    event = new LoyaltyEvent.Unrecognised("member.levitated", Map.of());
                } else {
                    alive.remove(duplicate);
                    sales.computeIfAbsent(m, x -> new ArrayList<>()).addAll(sales.getOrDefault(duplicate, List.of()));
                    event = new LoyaltyEvent.MemberMerged(duplicate, r.nextInt(100), profile(r, null));
                }
            } else if (k < 96 && alive.size() > 5) {
                alive.remove(m);
                event = new LoyaltyEvent.MemberErased();
            } else {
                event = new LoyaltyEvent.VoucherIssued(UUID.randomUUID(), "T", "why", "i" + id, null, now);
            }
            out.add(Feed.entry(id, m, event, at));
        }
        return new FeedScript(out);
    }

    private static LoyaltyEvent.MemberFacts profile(Random r, UUID referrer) {
        return Feed.member(ZONES[r.nextInt(ZONES.length)], r.nextBoolean() ? "GOLD" : "SILVER", r.nextBoolean(),
                r.nextBoolean(), referrer, r.nextBoolean() ? "vip" : "new");
    }

    public List<FeedEvent> events() {
        return events;
    }

    /** The page after {@code position} ("" or null: the start), as the core serves it. */
    public EventPage after(String position, int limit) {
        int from = position == null || position.isEmpty() ? 0 : Integer.parseInt(position.substring(2));
        List<FeedEvent> page = events.subList(Math.min(from, events.size()), Math.min(from + limit, events.size()));
        return new EventPage(page, page.isEmpty() ? (position == null ? "" : position)
                : page.get(page.size() - 1).position());
    }
}
