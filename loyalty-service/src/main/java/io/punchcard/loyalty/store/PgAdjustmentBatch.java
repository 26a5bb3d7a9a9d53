package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.punchcard.api.v1.PointsAdjusted;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.points.AdjustmentRequest;
import io.punchcard.loyalty.points.Holding;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.points.Points;

/**
 * Manual adjustments — one, or a campaign's thousand — made in one transaction with a constant number of
 * statements: the members found and locked in id order ({@link MemberLocks}), the adjustments made before read in
 * one query, each adjustment decided in memory on what the ones before it left ({@link Holding}), then one
 * statement per kind of row (lots, ledger entries, lots drawn on, debts, audit entries, events). The single route
 * is a batch of one, so both write the same rows and share the ids.
 *
 * <p>A batch is one transaction: a crash or a failure part-way leaves nothing of it, and sending it again makes
 * every adjustment once.
 */
final class PgAdjustmentBatch {

    private final Outbox outbox;

    PgAdjustmentBatch(Outbox outbox) {
        this.outbox = outbox;
    }

    /** An adjustment already in the ledger, as the answer to a retry needs it. */
    private record Made(long points, String reason, String actor, String campaign, PointsAdjusted result) {
    }

    /** An adjustment to make now: the request, whose points it changes, what it came to and the balance before. */
    private record Making(int index, AdjustmentRequest request, UUID member, Holding.Change change, String reason,
                          long balanceBefore) {
    }

    /**
     * How the adjustments are audited.
     *
     * @param by   who made them
     * @param each one entry per adjustment ({@code member.adjust}), or one for the whole batch ({@code points.batch})
     */
    record Audited(Actor by, boolean each) {
    }

    /**
     * Makes {@code requests} in the transaction of {@code c}, answering each in order.
     *
     * @param expiryMonths how long points added last, as earned points do
     * @param zone         the program's zone, in which the feed counts expiry days
     */
    List<Points.Adjustment> adjust(Connection c, List<AdjustmentRequest> requests, Instant now, int expiryMonths,
                                   ZoneId zone, Audited audited) throws SQLException {
        int n = requests.size();
        List<Points.Adjustment> answers = new ArrayList<>(Collections.nCopies(n, null));
        MemberLocks.Held held = MemberLocks.lockFollowingMerges(c,
                requests.stream().map(AdjustmentRequest::memberId).toList());
        UUID[] memberOf = new UUID[n];
        for (int i = 0; i < n; i++) {
            memberOf[i] = held.current().get(requests.get(i).memberId());
            if (memberOf[i] == null) {
                answers.set(i, new Points.MemberNotFound());
            }
        }
        Map<String, Made> made = made(c, requests, memberOf);
        Map<UUID, Holding> holdings = holdings(c, held.locked());

        // First the answers that make nothing: replays and ids taken, an id sent twice answered by its first.
        Map<String, Integer> firstOf = new HashMap<>();
        int adding = 0;
        for (int i = 0; i < n; i++) {
            if (answers.get(i) != null) {
                continue;
            }
            AdjustmentRequest request = requests.get(i);
            Made before = made.get(key(request.memberId(), request.adjustmentId()));
            if (before == null) {
                before = made.get(key(memberOf[i], request.adjustmentId()));
            }
            String sent = key(memberOf[i], request.adjustmentId());
            if (before != null) {
                answers.set(i, !request.sameAs(before.points(), before.reason(), before.actor(), before.campaign())
                        ? new Points.AdjustmentIdTaken()
                        // Adjustments made before answers were kept (schema v4) are answered with today's balance.
                        : new Points.Adjusted(before.result() != null ? before.result()
                        : new PointsAdjusted(before.points(), holdings.get(memberOf[i]).available(now)), true));
            } else if (firstOf.containsKey(sent)) {
                answers.set(i, request.sameAs(requests.get(firstOf.get(sent))) ? null : new Points.AdjustmentIdTaken());
            } else {
                firstOf.put(sent, i);
                adding += request.points() > 0 ? 1 : 0;
            }
        }

        // Then the new adjustments, in order, each on what the ones before it left.
        Instant expires = now.atOffset(ZoneOffset.UTC).plusMonths(expiryMonths).toInstant();
        long[] lotIds = lotIds(c, adding);
        int nextLot = 0;
        List<Making> making = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AdjustmentRequest request = requests.get(i);
            if (answers.get(i) != null || firstOf.get(key(memberOf[i], request.adjustmentId())) != i) {
                continue;
            }
            long lotId = request.points() > 0 ? lotIds[nextLot++] : 0;
            long balanceBefore = holdings.get(memberOf[i]).available(now);
            Holding.Change change = holdings.get(memberOf[i]).adjust(request.points(), lotId, now, expires);
            String reason = change.paidDebt() > 0 ? request.reason() + "; " + change.paidDebt() + " paid a debt"
                    : request.reason();
            making.add(new Making(i, request, memberOf[i], change, reason, balanceBefore));
            answers.set(i, new Points.Adjusted(new PointsAdjusted(request.points(), change.available()), false));
        }
        for (int i = 0; i < n; i++) {
            if (answers.get(i) == null) {
                Points.Adjusted first = (Points.Adjusted) answers.get(firstOf.get(key(memberOf[i],
                        requests.get(i).adjustmentId())));
                answers.set(i, new Points.Adjusted(first.result(), true));
            }
        }
        if (!making.isEmpty()) {
            write(c, making, holdings, now, zone, audited);
        }
        return answers;
    }

    private static String key(UUID member, String adjustmentId) {
        return member + "/" + adjustmentId;
    }

    /**
     * The adjustments already made with the ids asked for, by member and id: for the member asked for and for the
     * one it is now (the two may both have used an id before a merge; the one asked for answers first).
     */
    private static Map<String, Made> made(Connection c, List<AdjustmentRequest> requests, UUID[] memberOf)
            throws SQLException {
        List<Object> members = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (memberOf[i] == null) {
                continue;
            }
            members.add(requests.get(i).memberId());
            ids.add(requests.get(i).adjustmentId());
            if (!memberOf[i].equals(requests.get(i).memberId())) {
                members.add(memberOf[i]);
                ids.add(requests.get(i).adjustmentId());
            }
        }
        Map<String, Made> made = new HashMap<>();
        if (members.isEmpty()) {
            return made;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT e.member_id, e.client_key, e.points, e.reason, e.actor, e.campaign, e.result::text
                FROM points_entry e JOIN unnest(?::uuid[], ?::text[]) AS asked(member_id, client_key)
                  ON e.member_id = asked.member_id AND e.client_key = asked.client_key""")) {
            ps.setArray(1, c.createArrayOf("uuid", members.toArray()));
            ps.setArray(2, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    made.put(key(rs.getObject(1, UUID.class), rs.getString(2)), new Made(rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getString(6),
                            rs.getString(7) == null ? null : Jdbc.parse(rs.getString(7), PointsAdjusted.class)));
                }
            }
        }
        return made;
    }

    /** Each locked member's lots with points left and debt, read in one query. */
    private static Map<UUID, Holding> holdings(Connection c, Map<UUID, PgPurchases.Member> locked) throws SQLException {
        Map<UUID, List<Lots.Lot>> lots = new HashMap<>();
        locked.keySet().forEach(id -> lots.put(id, new ArrayList<>()));
        if (!locked.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT member_id, id, remaining, available_at, expires_at FROM points_lot
                    WHERE member_id = ANY(?) AND remaining > 0""")) {
                ps.setArray(1, c.createArrayOf("uuid", locked.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lots.get(rs.getObject(1, UUID.class)).add(new Lots.Lot(rs.getLong(2), rs.getLong(3),
                                Jdbc.instant(rs.getTimestamp(4)), Jdbc.instant(rs.getTimestamp(5))));
                    }
                }
            }
        }
        Map<UUID, Holding> holdings = new HashMap<>();
        locked.forEach((id, member) -> holdings.put(id, new Holding(lots.get(id), member.pointsDebt())));
        return holdings;
    }

    /** Ids for the lots the adjustments up will make, drawn from the lots' own sequence in one statement. */
    private static long[] lotIds(Connection c, int count) throws SQLException {
        long[] ids = new long[count];
        if (count == 0) {
            return ids;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT nextval(pg_get_serial_sequence('points_lot', 'id')) FROM generate_series(1, ?)")) {
            try (ResultSet rs = Jdbc.bind(ps, count).executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    /** The rows of the adjustments made: one statement per kind of row, however many adjustments. */
    private void write(Connection c, List<Making> making, Map<UUID, Holding> holdings, Instant now, ZoneId zone,
                       Audited audited) throws SQLException {
        insertLots(c, holdings, now);
        insertEntries(c, making, now);
        drawOnLots(c, holdings);
        changeDebts(c, holdings, now);
        audit(c, making, audited, now);
        // The balances after the batch, read in one statement for all its members: a member adjusted twice in one
        // batch has the balance after both on both events (the feed's followers keep the latest).
        Map<UUID, PgBalances.Held> after = PgBalances.of(c, making.stream().map(Making::member).distinct().toList());
        outbox.append(c, making.stream().map(m -> event(m, after.get(m.member()).balance(now, zone), now))
                .toArray(Event[]::new));
    }

    /** The event of one adjustment: every adjustment, single or batched, is announced here. */
    private static Event event(Making m, LoyaltyEvent.PointsBalance balance, Instant now) {
        return Event.of(m.member(), new LoyaltyEvent.PointsAdjusted(m.request().points(), m.request().reason(),
                m.request().adjustmentId(), m.request().campaign(), balance), now);
    }

    private static void insertLots(Connection c, Map<UUID, Holding> holdings, Instant now) throws SQLException {
        List<Object> ids = new ArrayList<>();
        List<Object> members = new ArrayList<>();
        List<Object> earned = new ArrayList<>();
        List<Object> remaining = new ArrayList<>();
        List<Object> expires = new ArrayList<>();
        holdings.forEach((member, holding) -> {
            for (Holding.MadeLot made : holding.madeLots()) {
                Lots.Lot lot = made.lot();
                ids.add(lot.id());
                members.add(member);
                earned.add(made.earned());
                remaining.add(lot.remaining());
                // As ISO-8601 instants: pgjdbc writes a Timestamp in an array as local time without its offset.
                expires.add(lot.expiresAt().toString());
            }
        });
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO points_lot (id, member_id, earned, remaining, available_at, expires_at, created_at)
                OVERRIDING SYSTEM VALUE
                SELECT id, member_id, earned, remaining, ?, expires_at, ?
                FROM unnest(?::bigint[], ?::uuid[], ?::bigint[], ?::bigint[], ?::text[]::timestamptz[])
                     AS l(id, member_id, earned, remaining, expires_at)""")) {
            ps.setTimestamp(1, Jdbc.ts(now));
            ps.setTimestamp(2, Jdbc.ts(now));
            ps.setArray(3, c.createArrayOf("bigint", ids.toArray()));
            ps.setArray(4, c.createArrayOf("uuid", members.toArray()));
            ps.setArray(5, c.createArrayOf("bigint", earned.toArray()));
            ps.setArray(6, c.createArrayOf("bigint", remaining.toArray()));
            ps.setArray(7, c.createArrayOf("text", expires.toArray()));
            ps.executeUpdate();
        }
    }

    private static void insertEntries(Connection c, List<Making> making, Instant now) throws SQLException {
        int n = making.size();
        Object[] members = new Object[n];
        Object[] points = new Object[n];
        Object[] reasons = new Object[n];
        Object[] lots = new Object[n];
        Object[] actors = new Object[n];
        Object[] keys = new Object[n];
        Object[] campaigns = new Object[n];
        Object[] results = new Object[n];
        for (int i = 0; i < n; i++) {
            Making m = making.get(i);
            members[i] = m.member();
            points[i] = m.request().points();
            reasons[i] = m.reason();
            lots[i] = m.change().lotId() == 0 ? null : m.change().lotId();
            actors[i] = m.request().actor();
            keys[i] = m.request().adjustmentId();
            campaigns[i] = m.request().campaign();
            results[i] = Jdbc.json(new PointsAdjusted(m.request().points(), m.change().available()));
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO points_entry (member_id, kind, points, reason, lot_id, actor, client_key, campaign, result, at)
                SELECT member_id, 'ADJUST', points, reason, lot_id, actor, client_key, campaign, result::jsonb, ?
                FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[])
                     WITH ORDINALITY AS e(member_id, points, reason, lot_id, actor, client_key, campaign, result, n)
                ORDER BY n""")) {
            ps.setTimestamp(1, Jdbc.ts(now));
            ps.setArray(2, c.createArrayOf("uuid", members));
            ps.setArray(3, c.createArrayOf("bigint", points));
            ps.setArray(4, c.createArrayOf("text", reasons));
            ps.setArray(5, c.createArrayOf("bigint", lots));
            ps.setArray(6, c.createArrayOf("text", actors));
            ps.setArray(7, c.createArrayOf("text", keys));
            ps.setArray(8, c.createArrayOf("text", campaigns));
            ps.setArray(9, c.createArrayOf("text", results));
            ps.executeUpdate();
        }
    }

    /** Takes points out of stored lots; the guard on remaining makes a miscount fail loudly instead of going negative. */
    private static void drawOnLots(Connection c, Map<UUID, Holding> holdings) throws SQLException {
        List<Object> lots = new ArrayList<>();
        List<Object> taken = new ArrayList<>();
        holdings.values().forEach(h -> h.takenFromStored().forEach((lot, points) -> {
            lots.add(lot);
            taken.add(points);
        }));
        if (lots.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE points_lot l SET remaining = l.remaining - t.taken
                FROM unnest(?::bigint[], ?::bigint[]) AS t(id, taken) WHERE l.id = t.id AND l.remaining >= t.taken""")) {
            ps.setArray(1, c.createArrayOf("bigint", lots.toArray()));
            ps.setArray(2, c.createArrayOf("bigint", taken.toArray()));
            if (ps.executeUpdate() != lots.size()) {
                throw new IllegalStateException("A lot had fewer points than its member's lock promised");
            }
        }
    }

    private static void changeDebts(Connection c, Map<UUID, Holding> holdings, Instant now) throws SQLException {
        List<Object> members = new ArrayList<>();
        List<Object> debts = new ArrayList<>();
        holdings.forEach((member, holding) -> {
            if (holding.debtChanged()) {
                members.add(member);
                debts.add(holding.debt());
            }
        });
        if (members.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE member m SET points_debt = d.debt, updated_at = ?
                FROM unnest(?::uuid[], ?::bigint[]) AS d(id, debt) WHERE m.id = d.id""")) {
            ps.setTimestamp(1, Jdbc.ts(now));
            ps.setArray(2, c.createArrayOf("uuid", members.toArray()));
            ps.setArray(3, c.createArrayOf("bigint", debts.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * The audit of what was made: each adjustment with the balance before and after, or the batch as one entry — a
     * campaign's grant to thousands of members is one act, and each member's ledger entry names its campaign.
     */
    private static void audit(Connection c, List<Making> making, Audited audited, Instant now) throws SQLException {
        if (audited.each()) {
            for (Making m : making) {
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("balance", m.change().available());
                after.put("points", m.request().points());
                after.put("reason", m.reason());
                after.put("actor", m.request().actor());
                after.put("adjustmentId", m.request().adjustmentId());
                AuditRows.insert(c, new Audit.Change(audited.by(), "member.adjust", "member:" + m.member(),
                        Map.of("balance", m.balanceBefore()), after), now);
            }
            return;
        }
        List<String> campaigns = making.stream().map(m -> m.request().campaign()).filter(Objects::nonNull).distinct()
                .toList();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("adjustments", making.size());
        after.put("members", making.stream().map(Making::member).distinct().count());
        after.put("points", making.stream().mapToLong(m -> m.request().points()).sum());
        after.put("campaigns", campaigns);
        AuditRows.insert(c, new Audit.Change(audited.by(), "points.batch",
                campaigns.size() == 1 ? "campaign:" + campaigns.getFirst() : "members", null, after), now);
    }
}
