package io.punchcard.app;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.punchcard.api.sample.Baskets;
import io.punchcard.api.v1.BuyReward;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLimits;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;

/**
 * A year of a shop's loyalty history, made up from a seed and the retail baskets: members, their purchases in
 * store and online, refunds of some of them, and rewards bought with points. The same seed, baskets, size and end
 * give the same history, so every demo installation tells the same story. Nothing here sends anything; {@link
 * DemoLoader} does.
 *
 * <p>Members come as three kinds, as shops see them: most buy a few times, about one in seven is a regular who
 * buys every week or two, and about a quarter lapse after a month or three. Every purchase names its member by
 * card, so the history can be sent before the members' ids are known.
 *
 * @param members     to enrol, in order
 * @param purchases   oldest first
 * @param refunds     each of an earlier purchase, oldest first
 * @param redemptions rewards bought with points, sent after every purchase
 */
public record DemoHistory(List<Member> members, List<RecordPurchase> purchases, List<RecordRefund> refunds,
                          List<Redemption> redemptions) {

    /** The default seed: two loads give the same history. */
    public static final long SEED = 20101201L;
    /** The default size, as the issue asks: enough members for charts with meaning. */
    public static final int MEMBERS = 5_000;
    /** Phone numbers run +49 30 5550 0000 to 9999 (the range kept for fiction), so at most this many members. */
    public static final int MAX_MEMBERS = 10_000;
    /** In-store spend (cents) after which a member buys a reward: well over the 500 points it costs. */
    static final long REWARD_SPEND_MINOR = 100_000;
    /** Lines kept of a basket: the data's wholesale invoices run to hundreds; a shop's basket does not. */
    static final int BASKET_LINES = 12;
    /** The most of one item a shopper takes: the data's traders buy by the dozen. */
    static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(3);
    /** How far back the history goes: just inside the core's limit on a live sale's age. */
    static final int DAYS = (int) PurchaseLimits.connectorMaxAge().toDays() - 1;

    private static final String[] GIVEN = {"Anna", "Lukas", "Mia", "Jonas", "Emma", "Leon", "Sofia", "Felix",
        "Hannah", "Noah", "Olivia", "James", "Amelia", "Oliver", "Wei", "Li", "Mei", "Jun", "Xiu", "Hao", "Aylin",
        "Mehmet", "Elif", "Yusuf", "Zofia", "Piotr", "Lucía", "Mateo", "Chiara", "Luca", "Ingrid", "Lars", "Amara",
        "Kwame", "Priya", "Arjun"};
    private static final String[] FAMILY = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner", "Becker",
        "Hoffmann", "Smith", "Jones", "Taylor", "Brown", "Wang", "Li", "Zhang", "Liu", "Chen", "Yılmaz", "Kaya",
        "Nowak", "Kowalski", "García", "Rossi", "Bianchi", "Johansson", "Mensah", "Sharma", "Patel", "Nguyen",
        "Kim"};

    public DemoHistory {
        members = List.copyOf(members);
        purchases = List.copyOf(purchases);
        refunds = List.copyOf(refunds);
        redemptions = List.copyOf(redemptions);
    }

    /**
     * A member to enrol.
     *
     * @param card      the card number their purchases name them by
     * @param joined    when, in the story, they joined (the core records the enrolment's own time)
     * @param enrolment what is sent
     */
    public record Member(String card, Instant joined, EnrollMember enrolment) {
    }

    /**
     * A reward bought with points.
     *
     * @param member the index of the member in {@link #members()}
     * @param reward what is sent
     */
    public record Redemption(int member, BuyReward reward) {
    }

    /**
     * What of the program the history needs.
     *
     * @param inStore  the stores with tills; at least one
     * @param online   the web shop's store, or null when the program has none (online sales then go to the first
     *                 store)
     * @param currency the program's currency, which every sale must be in
     * @param reward   the reward members buy with points
     */
    public record Stores(List<String> inStore, String online, String currency, String reward) {

        /** The default program's: till store S001, web shop WEB, EUR, the five-euro voucher for 500 points. */
        public static final Stores DEFAULT = new Stores(List.of("S001"), "WEB", "EUR", "FIVE-OFF-500");

        public Stores {
            inStore = List.copyOf(inStore);
            if (inStore.isEmpty()) {
                throw new IllegalArgumentException("the history needs at least one store");
            }
        }

        String web() {
            return online == null ? inStore.getFirst() : online;
        }
    }

    private enum Habit { OCCASIONAL, REGULAR, LAPSED }

    /**
     * The history of {@code size} members over the year before {@code end}.
     *
     * @throws IllegalArgumentException when size is not 1 to {@link #MAX_MEMBERS}
     */
    public static DemoHistory generate(long seed, int size, Baskets baskets, Stores stores, Instant end) {
        if (size < 1 || size > MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be 1 to " + MAX_MEMBERS + ", not " + size);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Instant today = end.truncatedTo(ChronoUnit.DAYS);
        List<Member> members = new ArrayList<>(size);
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int joinedDaysAgo = random.nextInt(DAYS);
            Instant joined = at(today, joinedDaysAgo, random, end);
            members.add(member(i, joined, random, stores));
            Habit habit = habit(random);
            int lastDay = habit == Habit.LAPSED ? Math.max(0, joinedDaysAgo - 30 - random.nextInt(60)) : 0;
            int count = switch (habit) {
                case OCCASIONAL -> 1 + random.nextInt(5);
                case REGULAR -> 1 + Math.max(1, joinedDaysAgo / (5 + random.nextInt(10)));
                case LAPSED -> 1 + random.nextInt(3);
            };
            boolean online = random.nextInt(4) == 0;
            for (int n = 0; n < count; n++) {
                // The first sale is the day they joined; the rest fall anywhere in their active time.
                int daysAgo = n == 0 ? joinedDaysAgo : lastDay + random.nextInt(joinedDaysAgo - lastDay + 1);
                Instant at = n == 0 ? joined : at(today, daysAgo, random, end);
                // A member mostly keeps to their channel; one sale in six is on the other.
                boolean thisOnline = online != (random.nextInt(6) == 0);
                sales.add(new Sale(i, at, random.nextLong(baskets.size()), thisOnline,
                        stores.inStore().get(random.nextInt(stores.inStore().size())), 1 + random.nextInt(4)));
            }
        }
        sales.sort(Comparator.comparing(Sale::at).thenComparing(Sale::member));
        List<RecordPurchase> purchases = new ArrayList<>(sales.size());
        List<RecordRefund> refunds = new ArrayList<>();
        long[] spend = new long[size];
        for (int n = 0; n < sales.size(); n++) {
            Sale sale = sales.get(n);
            RecordPurchase purchase = purchase(n, sale, baskets, stores, members);
            purchases.add(purchase);
            long total = purchase.totalMinor();
            // About one sale in twenty-five comes back: half of those whole, half in part.
            if (random.nextInt(25) == 0) {
                refunds.add(refund(refunds.size(), purchase, random, end));
                total = 0;
            }
            // Online points wait in pending for the return window; only the till's count towards a reward.
            if (!sale.online()) {
                spend[sale.member()] += total;
            }
        }
        refunds.sort(Comparator.comparing(RecordRefund::occurredAt));
        List<Redemption> redemptions = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            // Two in three of those with points enough spend them.
            if (spend[i] >= REWARD_SPEND_MINOR && random.nextInt(3) != 0) {
                redemptions.add(new Redemption(i, new BuyReward(stores.reward(), "demo-reward-" + i)));
            }
        }
        return new DemoHistory(members, purchases, refunds, redemptions);
    }

    /** One sale before it is made a request. */
    private record Sale(int member, Instant at, long basket, boolean online, String store, int till) {
    }

    private static Habit habit(SplittableRandom random) {
        int roll = random.nextInt(100);
        return roll < 14 ? Habit.REGULAR : roll < 40 ? Habit.LAPSED : Habit.OCCASIONAL;
    }

    /** A time on the day {@code daysAgo} before {@code today}, in shop hours (08:00–19:59 UTC), before {@code end}. */
    private static Instant at(Instant today, int daysAgo, SplittableRandom random, Instant end) {
        Instant at = today.minus(Duration.ofDays(daysAgo)).plus(Duration.ofMinutes(8 * 60 + random.nextInt(12 * 60)));
        return at.isBefore(end) ? at : end.minus(Duration.ofMinutes(1 + random.nextInt(60)));
    }

    private static Member member(int i, Instant joined, SplittableRandom random, Stores stores) {
        String given = GIVEN[random.nextInt(GIVEN.length)];
        String family = FAMILY[random.nextInt(FAMILY.length)];
        String card = String.format("DM%08d", i);
        String phone = String.format("+49 30 5550%04d", i);
        String email = ascii(given) + "." + ascii(family) + "." + i + "@example.com";
        int roll = random.nextInt(10);
        String channel = roll < 6 ? "POS" : roll < 9 ? "ONLINE" : "KIOSK";
        String store = channel.equals("ONLINE") ? stores.web() : stores.inStore().get(random.nextInt(stores.inStore().size()));
        String language = switch (random.nextInt(10)) {
            case 0, 1, 2 -> "en";
            case 3 -> "zh-Hans";
            default -> "de";
        };
        Map<String, Consent> consents = switch (random.nextInt(4)) {
            case 0 -> Map.of("email", new Consent(true, "demo", joined), "sms", new Consent(true, "demo", joined));
            case 1 -> Map.of("email", new Consent(true, "demo", joined));
            case 2 -> Map.of("email", new Consent(false, "demo", joined));
            default -> Map.of();
        };
        // Online members gave an e-mail; at the till, some only a phone number.
        boolean withEmail = channel.equals("ONLINE") || random.nextInt(3) != 0;
        return new Member(card, joined, new EnrollMember(given, family, phone, withEmail ? email : null, card, null,
                null, language, store, channel, store, List.of("demo"), consents, null));
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "")
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static RecordPurchase purchase(int n, Sale sale, Baskets baskets, Stores stores, List<Member> members) {
        PurchaseSource source = sale.online()
                ? new PurchaseSource("ONLINE", stores.web(), null, "demo-shop")
                : new PurchaseSource("POS", sale.store(), "T0" + sale.till(), null);
        var lines = baskets.basket(sale.basket());
        List<PurchaseLine> kept = lines.subList(0, Math.min(BASKET_LINES, lines.size())).stream()
                .map(l -> new PurchaseLine(l.sku(), l.category(), l.quantity().min(MAX_QUANTITY), l.unitPriceMinor(),
                        l.discountMinor()))
                .toList();
        long total = kept.stream().mapToLong(l -> l.quantity().multiply(BigDecimal.valueOf(l.unitPriceMinor()))
                .longValueExact()).sum();
        // The data's pence are read as the program's minor unit.
        return new RecordPurchase(source, String.format("demo-%06d", n), MemberRef.card(members.get(sale.member()).card()),
                sale.at(), stores.currency(), kept, null, null, null, total, null, null);
    }

    private static RecordRefund refund(int n, RecordPurchase purchase, SplittableRandom random, Instant end) {
        Instant at = purchase.occurredAt().plus(Duration.ofDays(1 + random.nextInt(14)));
        if (!at.isBefore(end)) {
            at = purchase.occurredAt().plus(Duration.between(purchase.occurredAt(), end).dividedBy(2));
        }
        boolean whole = random.nextBoolean() || purchase.totalMinor() < 200;
        return new RecordRefund(purchase.source(), String.format("demo-refund-%05d", n), null, purchase.source(),
                purchase.externalId(), null, whole ? null : 1 + random.nextLong(purchase.totalMinor() - 1), at,
                whole ? Boolean.TRUE : null);
    }
}
