package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.event.PurchaseEvents;
import io.punchcard.loyalty.member.Ids;
import io.punchcard.loyalty.points.Award;
import io.punchcard.loyalty.points.Evaluator;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.loyalty.program.VoucherTemplate;
import io.punchcard.loyalty.purchase.Basket;
import io.punchcard.loyalty.purchase.PurchaseInput;
import io.punchcard.loyalty.purchase.Purchases;
import io.punchcard.loyalty.purchase.Sale;
import io.punchcard.loyalty.tier.TierRules;
import io.punchcard.loyalty.voucher.Voucher;
import io.punchcard.loyalty.voucher.VoucherCodes;

/**
 * Purchases in PostgreSQL. Recording one is one transaction: lock the member, evaluate, insert the purchase
 * (unique on source and external id), its lot, its ledger entry, the events, and a tier upgrade if earned.
 * A replay finds the stored answer before taking any lock.
 */
public final class PgPurchases implements Purchases {

    private static final System.Logger LOG = System.getLogger(PgPurchases.class.getName());

    private final Jdbc jdbc;
    private final Programs programs;
    private final PgVouchers vouchers;
    private final Clock clock;
    private final Outbox outbox;
    private final PgPurchaseBatch batch;

    public PgPurchases(Jdbc jdbc, Programs programs, PgVouchers vouchers, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.vouchers = vouchers;
        this.clock = clock;
        this.outbox = outbox;
        this.batch = new PgPurchaseBatch(jdbc, clock, outbox);
    }

    @Override
    public List<Recorded> recordAll(List<PurchaseInput> inputs) {
        Programs.Versioned versioned = programs.current();
        List<Recorded> results = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), null));
        // Replays first, as record() does: a sale recorded before is answered as it was, whatever changed since
        // (a card retired, a program changed), and without taking a lock.
        Map<String, PurchaseRecorded> earlier = jdbc.read(c -> PgPurchaseBatch.stored(c, inputs));
        List<Integer> run = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            PurchaseInput input = inputs.get(i);
            PurchaseRecorded answer = earlier.get(input.sourceKey() + "/" + input.externalId());
            if (answer != null) {
                results.set(i, new Accepted(answer, true));
            } else if (input.voucherCodes().isEmpty() && versioned.program().currency().equals(input.currency())) {
                run.add(i);
            } else {
                // Vouchers are used sale by sale; another currency is refused as record() refuses it. In order:
                // the sales before it first.
                recordRun(inputs, run, versioned, results);
                results.set(i, record(input));
            }
        }
        recordRun(inputs, run, versioned, results);
        return results;
    }

    /** Records the sales at {@code positions} as one batch (or, should the batch fail, one by one, in order). */
    private void recordRun(List<PurchaseInput> inputs, List<Integer> positions, Programs.Versioned versioned,
                           List<Recorded> results) {
        if (positions.isEmpty()) {
            return;
        }
        List<PurchaseInput> sales = positions.stream().map(inputs::get).toList();
        List<Recorded> outcomes;
        try {
            outcomes = batch.record(sales, versioned);
        } catch (RuntimeException e) {
            // Whatever went wrong rolled the whole batch back; each sale is recorded, or refused, on its own.
            LOG.log(System.Logger.Level.WARNING, "A batch of " + sales.size() + " sales failed as a whole ("
                    + e.getMessage() + "); recording them one by one", e);
            outcomes = sales.stream().map(this::record).toList();
        }
        for (int k = 0; k < positions.size(); k++) {
            results.set(positions.get(k), outcomes.get(k));
        }
        positions.clear();
    }

    @Override
    public Recorded record(PurchaseInput input) {
        Optional<PurchaseRecorded> earlier = jdbc.read(c -> stored(c, input.sourceKey(), input.externalId()));
        if (earlier.isPresent()) {
            return new Accepted(earlier.get(), true);
        }
        Programs.Versioned versioned = programs.current();
        Program program = versioned.program();
        if (!program.currency().equals(input.currency())) {
            return new Rejected(List.of(new Violation("currency", "'" + input.currency()
                    + "' is not the program's currency, " + program.currency())));
        }
        return jdbc.transaction(c -> {
            UUID memberId = input.memberId();
            if (memberId == null && input.identifier() != null) {
                memberId = PgMembers.memberIdOf(c, input.identifier());
                if (memberId == null) {
                    return new UnknownMember("member." + fieldOf(input));
                }
            }
            Member locked = null;
            if (memberId != null) {
                locked = lockFollowingMerges(c, memberId);
                if (locked == null) {
                    return new UnknownMember(input.memberId() != null ? "member.memberId" : "member." + fieldOf(input));
                }
                memberId = locked.id();
            }
            // Attempts at one sale take turns (the member's lock already orders a member's sales), so a replay
            // racing the first recording finds its answer here, before anything is changed.
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                Jdbc.bind(ps, input.sourceKey() + "/" + input.externalId()).executeQuery().close();
            }
            Optional<PurchaseRecorded> raced = stored(c, input.sourceKey(), input.externalId());
            if (raced.isPresent()) {
                return new Accepted(raced.get(), true);
            }
            TierLadder ladder = program.tiers();
            Tier tier = locked == null ? ladder.base() : ladder.byCode(locked.tierCode());
            Instant now = clock.instant();
            // Vouchers apply to the price: their minimum spend is measured before points paid as a tender. Only a sale
            // that names vouchers needs it; the award below is the one evaluation every sale costs.
            long priceEligible = input.voucherCodes().isEmpty() ? 0
                    : Evaluator.evaluate(program, input.basket().withPointsTender(0), tier).eligibleMinor();
            List<String> used = new ArrayList<>();
            int multiplier = 0;
            String saleRef = input.sourceKey() + "/" + input.externalId();
            for (String typed : input.voucherCodes()) {
                Optional<String> code = VoucherCodes.normalise(typed);
                if (code.isEmpty()) {
                    continue;
                }
                Optional<Voucher> voucher = vouchers.useOnSale(c, code.get(), saleRef, memberId,
                        input.basket().channel(), input.basket().store(), priceEligible, now);
                if (voucher.isPresent()) {
                    used.add(code.get());
                    if (voucher.get().template().kind() == VoucherTemplate.Kind.POINTS_MULTIPLIER) {
                        multiplier = Math.max(multiplier, voucher.get().template().multiplierPercent());
                    }
                }
            }
            Award award = Evaluator.evaluate(program, input.basket().withVoucherMultiplier(multiplier), tier);
            Sale sale = Sale.of(program, input, memberId, locked == null ? null : locked.tierCode(), award,
                    locked == null ? 0 : qualifying(c, memberId, ladder, now), used, Ids.next(clock), now);
            UUID purchaseId = sale.purchaseId();
            long points = sale.points();
            Instant availableAt = sale.availableAt();
            Instant expiresAt = sale.expiresAt();
            Optional<Tier> upgrade = sale.upgrade();
            PurchaseRecorded result = sale.result();

            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO purchase (id, source, external_id, member_id, channel, store, terminal, occurred_at,
                        currency, total_minor, eligible_minor, qualifying_minor, points_earned, program_version,
                        award, detail, result, recorded_at, history)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?)
                    ON CONFLICT (source, external_id) DO NOTHING""")) {
                int inserted = Jdbc.bind(ps, purchaseId, input.sourceKey(), input.externalId(), memberId,
                        input.basket().channel().name(), input.basket().store(), input.terminal(), input.occurredAt(),
                        input.currency(), input.totalMinor(), award.eligibleMinor(), award.qualifyingMinor(), points,
                        versioned.version(), Jdbc.json(award), input.detailJson(), Jdbc.json(result), now,
                        input.history()).executeUpdate();
                if (inserted == 0) {
                    // The advisory lock above makes this impossible; if it happens, undo everything.
                    throw new IllegalStateException("sale " + saleRef + " was recorded under our lock");
                }
            }
            List<Event> events = new ArrayList<>();
            events.add(Event.of(memberId, PurchaseEvents.recorded(purchaseId, input, award, points), now));
            if (points > 0) {
                earn(c, new Earning(memberId, locked.pointsDebt(), purchaseId, points, availableAt, expiresAt,
                        "EARN", "purchase", "system", null), now);
                // The one statement the feed adds to a sale's cost: the balance after it.
                events.add(Event.of(memberId, new LoyaltyEvent.PointsEarned(purchaseId, points,
                        PgBalances.after(c, memberId, now, program.zone())), now));
            }
            if (upgrade.isPresent()) {
                changeTier(c, memberId, locked.tierCode(), upgrade.get().code(), "qualified by purchase " + purchaseId, now);
                events.add(Event.of(memberId, new LoyaltyEvent.TierChanged(locked.tierCode(), upgrade.get().code(),
                        "upgrade"), now));
            }
            outbox.append(c, events.toArray(Event[]::new));
            return new Accepted(result, false);
        });
    }

    static String fieldOf(PurchaseInput input) {
        return switch (input.identifier().kind()) {
            case PHONE -> "phone";
            case EMAIL -> "email";
            case CARD -> "card";
            case QR -> "qr";
            case EXTERNAL -> "externalId";
        };
    }

    /** What a member's row says about points and tier, read under its lock. */
    record Member(UUID id, String tierCode, Instant tierSince, long pointsDebt) {
    }

    /**
     * Locks the active member {@code id} is now: itself, or, once it was merged, the member it was merged into
     * (through any chain of merges). A till that identified a shopper before a manager merged two records
     * still records, redeems and retries against the survivor. Null when there is none (erased, or unknown).
     */
    static Member lockFollowingMerges(Connection c, UUID id) throws SQLException {
        Member itself = lock(c, id);
        if (itself != null) {
            return itself;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            UUID current = survivorOf(c, id);
            if (current == null || current.equals(id)) {
                return null;
            }
            Member locked = lock(c, current);
            if (locked != null) {
                return locked;
            }
            // Merged away between the two reads: follow the new chain.
        }
        return null;
    }

    static UUID survivorOf(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH RECURSIVE chain(id, status, merged_into, depth) AS (
                    SELECT id, status, merged_into, 0 FROM member WHERE id = ?
                    UNION ALL
                    SELECT m.id, m.status, m.merged_into, chain.depth + 1 FROM member m
                    JOIN chain ON m.id = chain.merged_into WHERE chain.status = 'MERGED' AND chain.depth < 100)
                SELECT id FROM chain WHERE status = 'ACTIVE'""")) {
            try (ResultSet rs = Jdbc.bind(ps, id).executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    /** Locks an active member's row; null when there is none. */
    static Member lock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tier_code, tier_since, points_debt FROM member WHERE id = ? AND status = 'ACTIVE' FOR UPDATE")) {
            try (ResultSet rs = Jdbc.bind(ps, id).executeQuery()) {
                return rs.next()
                        ? new Member(id, rs.getString(1), Jdbc.instant(rs.getTimestamp(2)), rs.getLong(3))
                        : null;
            }
        }
    }

    /**
     * Points coming in.
     *
     * @param memberId    whose
     * @param debt        what the member owes now
     * @param purchaseId  the purchase that earned them, or null
     * @param points      how many
     * @param availableAt when they can be spent
     * @param expiresAt   when they expire
     * @param kind        EARN, BONUS or ADJUST
     * @param reason      why
     * @param actor       who
     * @param clientKey   the caller's id of a manual adjustment, or null
     */
    record Earning(UUID memberId, long debt, UUID purchaseId, long points, Instant availableAt, Instant expiresAt,
                   String kind, String reason, String actor, String clientKey) {
    }

    /**
     * Adds a lot and its ledger entry. Debt is paid first: the lot keeps what the debt does not take, so the
     * ledger's sum stays equal to the lots' remaining points less the debt.
     */
    static void earn(Connection c, Earning earning, Instant now) throws SQLException {
        UUID memberId = earning.memberId();
        long points = earning.points();
        // Pending points pay no debt: they could still be returned, and would then pay nothing.
        long paid = earning.availableAt().isAfter(now) ? 0 : Math.min(earning.debt(), points);
        long lotId;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO points_lot (member_id, purchase_id, earned, remaining, available_at, expires_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            try (ResultSet rs = Jdbc.bind(ps, memberId, earning.purchaseId(), points, points - paid,
                    earning.availableAt(), earning.expiresAt(), now).executeQuery()) {
                rs.next();
                lotId = rs.getLong(1);
            }
        }
        if (paid > 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE member SET points_debt = points_debt - ?, updated_at = ? WHERE id = ?")) {
                Jdbc.bind(ps, paid, now, memberId).executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO points_entry (member_id, kind, points, reason, purchase_id, lot_id, actor, client_key, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            Jdbc.bind(ps, memberId, earning.kind(), points,
                    paid > 0 ? earning.reason() + "; " + paid + " paid a debt" : earning.reason(),
                    earning.purchaseId(), lotId, earning.actor(), earning.clientKey(), now).executeUpdate();
        }
    }

    /** Qualifying spend (or points) over the ladder's window, net of refunds. */
    static long qualifying(Connection c, UUID memberId, TierLadder ladder, Instant now) throws SQLException {
        return qualifying(c, List.of(memberId), ladder, now).get(memberId);
    }

    /**
     * The {@link #qualifying qualifying total} of each of {@code memberIds} (0 for one with no purchases in the
     * window), in one statement however many there are: a batch of sales or of member cards reads them all at once.
     */
    static Map<UUID, Long> qualifying(Connection c, Collection<UUID> memberIds, TierLadder ladder, Instant now)
            throws SQLException {
        Map<UUID, Long> totals = new HashMap<>();
        if (memberIds.isEmpty()) {
            return totals;
        }
        Instant since = TierRules.windowStart(ladder, now);
        boolean spend = ladder.basis() == TierLadder.Basis.SPEND;
        String bought = spend ? "qualifying_minor" : "points_earned";
        String returned = spend ? "eligible_minor" : "points_reversed";
        // Per member, so each sum is an index range of that member's purchases rather than a join of everyone's.
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.id,
                       coalesce((SELECT sum(p.%1$s) FROM purchase p WHERE p.member_id = m.id AND p.occurred_at > ?), 0)
                     - coalesce((SELECT sum(r.%2$s) FROM refund r JOIN purchase q ON q.id = r.purchase_id
                                 WHERE q.member_id = m.id AND q.occurred_at > ?), 0)
                FROM unnest(?::uuid[]) AS m(id)""".formatted(bought, returned))) {
            Jdbc.bind(ps, since, since, c.createArrayOf("uuid", memberIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    totals.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
        }
        return totals;
    }

    /**
     * When the oldest purchase of each of {@code memberIds} that counts toward their tier occurred: in the window,
     * and not refunded in full. A member with none has no entry.
     */
    static Map<UUID, Instant> oldestCounting(Connection c, Collection<UUID> memberIds, TierLadder ladder, Instant now)
            throws SQLException {
        Map<UUID, Instant> oldest = new HashMap<>();
        if (memberIds.isEmpty()) {
            return oldest;
        }
        boolean spend = ladder.basis() == TierLadder.Basis.SPEND;
        String bought = spend ? "qualifying_minor" : "points_earned";
        String returned = spend ? "eligible_minor" : "points_reversed";
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.id, (SELECT min(p.occurred_at) FROM purchase p WHERE p.member_id = m.id AND p.occurred_at > ?
                                AND p.%1$s > coalesce((SELECT sum(r.%2$s) FROM refund r WHERE r.purchase_id = p.id), 0))
                FROM unnest(?::uuid[]) AS m(id)""".formatted(bought, returned))) {
            Jdbc.bind(ps, TierRules.windowStart(ladder, now), c.createArrayOf("uuid", memberIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant at = Jdbc.instant(rs.getTimestamp(2));
                    if (at != null) {
                        oldest.put(rs.getObject(1, UUID.class), at);
                    }
                }
            }
        }
        return oldest;
    }

    static void changeTier(Connection c, UUID memberId, String from, String to, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE member SET tier_code = ?, tier_since = ?, tier_below_since = NULL, updated_at = ? WHERE id = ?")) {
            Jdbc.bind(ps, to, now, now, memberId).executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tier_change (member_id, from_tier, to_tier, at, reason) VALUES (?, ?, ?, ?, ?)")) {
            Jdbc.bind(ps, memberId, from, to, now, reason).executeUpdate();
        }
    }

    static Optional<PurchaseRecorded> stored(Connection c, String source, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT result::text FROM purchase WHERE source = ? AND external_id = ?")) {
            try (ResultSet rs = Jdbc.bind(ps, source, externalId).executeQuery()) {
                return rs.next() ? Optional.of(Jdbc.parse(rs.getString(1), PurchaseRecorded.class)) : Optional.empty();
            }
        }
    }
}
