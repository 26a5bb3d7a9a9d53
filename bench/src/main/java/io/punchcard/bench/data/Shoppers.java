package io.punchcard.bench.data;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.punchcard.api.sample.Baskets;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;

/**
 * The bench's members and their sales. Member {@code i} has card {@code PC} and eight digits of {@code i},
 * and a German mobile number ending in seven digits of {@code i}, so any member can be named by either
 * without a lookup table. Sales are made at the default program's till (store S001, terminals T01…) or in
 * its web shop, four in five at the till, with a basket from {@link Baskets}.
 */
public final class Shoppers {

    /** Sales at the till: the default program's store. */
    public static final String STORE = "S001";
    /** Sales online: the default program's web shop. */
    public static final String WEB_STORE = "WEB";

    private final int members;
    private final Baskets baskets;

    public Shoppers(int members, Baskets baskets) {
        if (members < 1 || members > 9_999_999) {
            throw new IllegalArgumentException("members must be 1 to 9,999,999");
        }
        this.members = members;
        this.baskets = baskets;
    }

    public int members() {
        return members;
    }

    public Baskets baskets() {
        return baskets;
    }

    public static String card(int member) {
        return "PC" + String.format("%08d", member);
    }

    public static String phone(int member) {
        return "+49170" + String.format("%07d", member);
    }

    /** The enrolment of member {@code i}: a till sign-up with SMS consent. */
    public static EnrollMember enrolment(int member) {
        return new EnrollMember("Shopper", "No" + member, phone(member), null, card(member), null, null, "en", STORE,
                "POS", STORE, null, Map.of("sms", new Consent(true, "bench", null)), null);
    }

    /** The till a load worker rings up on. */
    public static PurchaseSource till(int terminal) {
        return new PurchaseSource("POS", STORE, "T" + String.format("%02d", terminal), null);
    }

    /** The web shop. */
    public static PurchaseSource web() {
        return new PurchaseSource("ONLINE", WEB_STORE, null, "bench-shop");
    }

    /** A random member's number. */
    public int member(SplittableRandom random) {
        return random.nextInt(members);
    }

    /**
     * A sale of basket {@code basket} to member {@code member} (or anonymous when negative), with the given
     * source and id, at {@code at}.
     */
    public RecordPurchase sale(PurchaseSource source, String id, int member, long basket, Instant at) {
        List<PurchaseLine> lines = baskets.basket(basket);
        // The program's currency is EUR; the data's pence are read as cents.
        return new RecordPurchase(source, id, member < 0 ? null : MemberRef.card(card(member)), at, "EUR", lines, null,
                null, null, baskets.total(basket), null, null);
    }

    /** A sale of the loaded history: random member, basket, channel and time in the last 300 days. */
    public RecordPurchase historicSale(long n, SplittableRandom random, Instant now) {
        boolean online = random.nextInt(5) == 0;
        Instant at = now.minus(Duration.ofMinutes(5 + random.nextLong(300L * 24 * 60)));
        PurchaseSource source = online ? web() : till(1 + random.nextInt(8));
        return sale(source, "hist-" + n, member(random), random.nextLong(baskets.size()), at);
    }

    /** The quote of a basket for a member at the till. */
    public QuoteRequest quote(int terminal, int member, long basket) {
        return new QuoteRequest(till(terminal), MemberRef.card(card(member)), null, "EUR", baskets.basket(basket), null,
                null);
    }
}
