package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.loyalty.event.Event;
import io.punchcard.api.identity.Identifier;
import io.punchcard.loyalty.member.Ids;
import io.punchcard.loyalty.points.Award;
import io.punchcard.loyalty.points.Evaluator;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;
import io.punchcard.loyalty.purchase.PurchaseInput;
import io.punchcard.loyalty.purchase.Purchases;
import io.punchcard.loyalty.purchase.Sale;

/**
 * A batch of sales recorded in one transaction, with one statement (or one JDBC batch) per kind of row instead
 * of a dozen round trips per sale. It takes the same locks as single sales — every member of the batch in id
 * order, then every sale's advisory lock in key order — and records exactly what {@link PgPurchases#record}
 * would for each sale, through the same {@link Sale} decision, in the order the sales came. A
 * sale naming a member who was merged away is recorded for the survivor, as a single sale is. The caller
 * answers replays before a batch and records sales that apply vouchers one by one, keeping their order.
 */
final class PgPurchaseBatch {

    private final Jdbc jdbc;
    private final Clock clock;
    private final Outbox outbox;

    PgPurchaseBatch(Jdbc jdbc, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.outbox = outbox;
    }

    /** What each sale of the batch came to, in order. */
    List<Purchases.Recorded> record(List<PurchaseInput> inputs, Programs.Versioned versioned) {
        return jdbc.transaction(c -> recordIn(c, inputs, versioned));
    }

    /** A member as the batch holds it: locked, and updated in memory as its sales are counted. */
    private static final class Held {
        final UUID id;
        String tierCode;
        long debt;
        long qualifying;

        Held(PgPurchases.Member member) {
            this.id = member.id();
            this.tierCode = member.tierCode();
            this.debt = member.pointsDebt();
        }
    }

    private List<Purchases.Recorded> recordIn(Connection c, List<PurchaseInput> inputs, Programs.Versioned versioned)
            throws SQLException {
        Program program = versioned.program();
        TierLadder ladder = program.tiers();
        Instant now = clock.instant();
        List<Purchases.Recorded> results = new ArrayList<>(java.util.Collections.nCopies(inputs.size(), null));

        // Who each sale is for.
        Map<Identifier, UUID> byIdentifier = resolve(c, inputs);
        UUID[] memberOf = new UUID[inputs.size()];
        TreeSet<UUID> wanted = new TreeSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            PurchaseInput input = inputs.get(i);
            UUID member = input.memberId() != null ? input.memberId()
                    : input.identifier() == null ? null : byIdentifier.get(input.identifier());
            if (input.memberId() == null && input.identifier() != null && member == null) {
                results.set(i, new Purchases.UnknownMember("member." + PgPurchases.fieldOf(input)));
                continue;
            }
            memberOf[i] = member;
            if (member != null) {
                wanted.add(member);
            }
        }
        // A member merged away is the survivor now; one erased, or no member at all, is nobody.
        Map<UUID, UUID> current = MemberLocks.survivors(c, wanted);
        TreeSet<UUID> locking = new TreeSet<>(current.values());
        Map<UUID, Held> held = lock(c, locking);
        if (held.size() != locking.size()) {
            // Merged or erased between the two reads: the caller records the batch one sale at a time.
            throw new IllegalStateException("a member of the batch changed while it was being locked");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (results.get(i) == null && memberOf[i] != null) {
                memberOf[i] = current.get(memberOf[i]);
                if (memberOf[i] == null) {
                    PurchaseInput input = inputs.get(i);
                    results.set(i, new Purchases.UnknownMember(input.memberId() != null ? "member.memberId"
                            : "member." + PgPurchases.fieldOf(input)));
                }
            }
        }
        advisoryLocks(c, inputs, results);
        Map<String, PurchaseRecorded> recorded = stored(c, pendingOf(inputs, results));
        Map<UUID, Long> qualifying = PgPurchases.qualifying(c, held.keySet(), ladder, now);
        held.values().forEach(member -> member.qualifying = qualifying.get(member.id));

        List<Object[]> purchaseRows = new ArrayList<>();
        List<Lot> lots = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Object[]> tierChanges = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (results.get(i) != null) {
                continue;
            }
            PurchaseInput input = inputs.get(i);
            String key = input.sourceKey() + "/" + input.externalId();
            PurchaseRecorded earlier = recorded.get(key);
            if (earlier != null) {
                results.set(i, new Purchases.Accepted(earlier, true));
                continue;
            }
            Held member = memberOf[i] == null ? null : held.get(memberOf[i]);
            Tier tier = member == null ? ladder.base() : ladder.byCode(member.tierCode);
            Award award = Evaluator.evaluate(program, input.basket(), tier);
            UUID memberId = member == null ? null : member.id;
            Sale sale = Sale.of(program, input, memberId, member == null ? null : member.tierCode, award,
                    member == null ? 0 : member.qualifying, List.of(), Ids.next(clock), now);
            purchaseRows.add(new Object[] {sale.purchaseId(), input.sourceKey(), input.externalId(), memberId,
                    input.basket().channel().name(), input.basket().store(), input.terminal(), input.occurredAt(),
                    input.currency(), input.totalMinor(), award.eligibleMinor(), award.qualifyingMinor(), sale.points(),
                    versioned.version(), Jdbc.json(award), input.detailJson(), Jdbc.json(sale.result()), now,
                    input.history()});
            events.add(Event.purchaseRecorded(memberId, sale.purchaseId(), input, award.eligibleMinor(), sale.points(),
                    now));
            if (member != null) {
                // The next sale's count, as a fresh query would make it: only sales inside the window.
                member.qualifying += sale.qualifying(ladder, input, now);
                if (sale.points() > 0) {
                    // As PgPurchases.earn: available points pay a debt first; pending ones pay nothing.
                    long paid = sale.availableAt().isAfter(now) ? 0 : Math.min(member.debt, sale.points());
                    member.debt -= paid;
                    lots.add(new Lot(member.id, sale.purchaseId(), sale.points(), paid, sale.availableAt(),
                            sale.expiresAt()));
                    events.add(Event.pointsChanged(member.id, sale.points(), "EARN", "purchase " + sale.purchaseId(), now));
                }
                if (sale.upgrade().isPresent()) {
                    String from = member.tierCode;
                    String to = sale.upgrade().get().code();
                    tierChanges.add(new Object[] {member.id, from, to, "qualified by purchase " + sale.purchaseId()});
                    events.add(Event.tierChanged(member.id, from, to, "upgrade", now));
                    member.tierCode = to;
                }
            }
            recorded.put(key, sale.result());
            results.set(i, new Purchases.Accepted(sale.result(), false));
        }
        insertPurchases(c, purchaseRows);
        insertLots(c, lots, now);
        payDebts(c, lots, now);
        changeTiers(c, tierChanges, now);
        outbox.append(c, events.toArray(Event[]::new));
        return results;
    }

    /** The sales not yet answered. */
    private static List<PurchaseInput> pendingOf(List<PurchaseInput> inputs, List<Purchases.Recorded> results) {
        List<PurchaseInput> pending = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (results.get(i) == null) {
                pending.add(inputs.get(i));
            }
        }
        return pending;
    }

    private record Lot(UUID member, UUID purchase, long points, long paid, Instant availableAt, Instant expiresAt) {
    }

    private static Map<Identifier, UUID> resolve(Connection c, List<PurchaseInput> inputs) throws SQLException {
        List<String> kinds = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (PurchaseInput input : inputs) {
            if (input.memberId() == null && input.identifier() != null) {
                kinds.add(input.identifier().kind().name());
                values.add(input.identifier().value());
            }
        }
        Map<Identifier, UUID> found = new HashMap<>();
        if (kinds.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT i.kind, i.value, i.member_id FROM member_identifier i
                JOIN unnest(?::text[], ?::text[]) AS wanted(kind, value) ON i.kind = wanted.kind AND i.value = wanted.value
                WHERE i.active""")) {
            ps.setArray(1, c.createArrayOf("text", kinds.toArray()));
            ps.setArray(2, c.createArrayOf("text", values.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new Identifier(io.punchcard.api.identity.IdentifierKind.valueOf(rs.getString(1)),
                            rs.getString(2)), rs.getObject(3, UUID.class));
                }
            }
        }
        return found;
    }

    /** Locks the active members among {@code ids}, in id order, as every other writer does. */
    private static Map<UUID, Held> lock(Connection c, TreeSet<UUID> ids) throws SQLException {
        Map<UUID, Held> held = new LinkedHashMap<>();
        MemberLocks.lock(c, ids).forEach((id, member) -> held.put(id, new Held(member)));
        return held;
    }

    /** Each sale's advisory lock, in the order of their keys, so two batches sharing sales cannot deadlock. */
    private static void advisoryLocks(Connection c, List<PurchaseInput> inputs, List<Purchases.Recorded> results)
            throws SQLException {
        TreeSet<String> keys = new TreeSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (results.get(i) == null) {
                keys.add(inputs.get(i).sourceKey() + "/" + inputs.get(i).externalId());
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
                FROM (SELECT k FROM unnest(?::text[]) AS k ORDER BY k) AS ordered""")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            ps.executeQuery().close();
        }
    }

    /** The answers of the sales among {@code inputs} already recorded, by {@code source/externalId}. */
    static Map<String, PurchaseRecorded> stored(Connection c, List<PurchaseInput> inputs) throws SQLException {
        List<String> sources = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (PurchaseInput input : inputs) {
            sources.add(input.sourceKey());
            ids.add(input.externalId());
        }
        Map<String, PurchaseRecorded> found = new HashMap<>();
        if (sources.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.source, p.external_id, p.result::text FROM purchase p
                JOIN unnest(?::text[], ?::text[]) AS wanted(source, external_id)
                  ON p.source = wanted.source AND p.external_id = wanted.external_id""")) {
            ps.setArray(1, c.createArrayOf("text", sources.toArray()));
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1) + "/" + rs.getString(2), Jdbc.parse(rs.getString(3), PurchaseRecorded.class));
                }
            }
        }
        return found;
    }

    private static void insertPurchases(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO purchase (id, source, external_id, member_id, channel, store, terminal, occurred_at,
                    currency, total_minor, eligible_minor, qualifying_minor, points_earned, program_version,
                    award, detail, result, recorded_at, history)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?)""")) {
            // No ON CONFLICT: the advisory locks make a clash impossible, and if one happened the unique key's
            // error would undo the whole batch, whose sales are then recorded one by one.
            for (Object[] row : rows) {
                Jdbc.bind(ps, row).addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The lots and their ledger entries; the lots in one statement, which hands back their ids. */
    private static void insertLots(Connection c, List<Lot> lots, Instant now) throws SQLException {
        if (lots.isEmpty()) {
            return;
        }
        int n = lots.size();
        Object[] members = new Object[n];
        Object[] purchases = new Object[n];
        Object[] earned = new Object[n];
        Object[] remaining = new Object[n];
        Object[] available = new Object[n];
        Object[] expires = new Object[n];
        for (int i = 0; i < n; i++) {
            Lot lot = lots.get(i);
            members[i] = lot.member();
            purchases[i] = lot.purchase();
            earned[i] = lot.points();
            remaining[i] = lot.points() - lot.paid();
            // As ISO-8601 instants: pgjdbc writes a Timestamp in an array as local time without its offset.
            available[i] = lot.availableAt().toString();
            expires[i] = lot.expiresAt().toString();
        }
        Map<UUID, Long> lotOf = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO points_lot (member_id, purchase_id, earned, remaining, available_at, expires_at, created_at)
                SELECT member_id, purchase_id, earned, remaining, available_at, expires_at, ?
                FROM unnest(?::uuid[], ?::uuid[], ?::bigint[], ?::bigint[], ?::text[]::timestamptz[], ?::text[]::timestamptz[])
                     AS l(member_id, purchase_id, earned, remaining, available_at, expires_at)
                RETURNING id, purchase_id""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("uuid", members));
            ps.setArray(3, c.createArrayOf("uuid", purchases));
            ps.setArray(4, c.createArrayOf("bigint", earned));
            ps.setArray(5, c.createArrayOf("bigint", remaining));
            ps.setArray(6, c.createArrayOf("text", available));
            ps.setArray(7, c.createArrayOf("text", expires));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lotOf.put(rs.getObject(2, UUID.class), rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO points_entry (member_id, kind, points, reason, purchase_id, lot_id, actor, client_key, at)
                VALUES (?, 'EARN', ?, ?, ?, ?, 'system', NULL, ?)""")) {
            for (Lot lot : lots) {
                Jdbc.bind(ps, lot.member(), lot.points(), lot.paid() > 0 ? "purchase; " + lot.paid() + " paid a debt"
                        : "purchase", lot.purchase(), lotOf.get(lot.purchase()), now).addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void payDebts(Connection c, List<Lot> lots, Instant now) throws SQLException {
        Map<UUID, Long> paid = new LinkedHashMap<>();
        lots.stream().filter(l -> l.paid() > 0).forEach(l -> paid.merge(l.member(), l.paid(), Long::sum));
        if (paid.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE member SET points_debt = points_debt - ?, updated_at = ? WHERE id = ?")) {
            for (Map.Entry<UUID, Long> entry : paid.entrySet()) {
                Jdbc.bind(ps, entry.getValue(), now, entry.getKey()).addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void changeTiers(Connection c, List<Object[]> changes, Instant now) throws SQLException {
        for (Object[] change : changes) {
            PgPurchases.changeTier(c, (UUID) change[0], (String) change[1], (String) change[2], (String) change[3], now);
        }
    }
}
