package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.member.Ids;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.VoucherTemplate;
import io.punchcard.loyalty.voucher.IssueRequest;
import io.punchcard.loyalty.voucher.Voucher;
import io.punchcard.loyalty.voucher.Vouchers;

/**
 * Vouchers in PostgreSQL. Every hold and use locks the voucher's row and counts the uses made and the holds
 * still running under that lock, so the limit holds across threads and instances.
 */
public final class PgVouchers implements Vouchers {

    static final String COLUMNS = "id, code, template::text, member_id, status, uses_allowed, uses, "
            + "valid_from, valid_until, issued_at";

    private final Jdbc jdbc;
    private final Programs programs;
    private final Clock clock;
    private final Outbox outbox;
    private final PgVoucherBatch batch;

    public PgVouchers(Jdbc jdbc, Programs programs, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.clock = clock;
        this.outbox = outbox;
        this.batch = new PgVoucherBatch(outbox, clock);
    }

    @Override
    public Issue issue(IssueRequest request, Actor by) {
        return jdbc.transaction(c -> {
            Issue issue = batch.issue(c, List.of(request), programs.current().program()).getFirst();
            if (issue instanceof Issued issued && !issued.replayed()) {
                Voucher voucher = issued.voucher();
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("code", voucher.code());
                after.put("template", voucher.template().code());
                after.put("reason", request.reason());
                after.put("validUntil", voucher.validUntil());
                AuditRows.insert(c, new Audit.Change(by, "voucher.issue", "member:" + voucher.memberId(), null,
                        after), clock.instant());
            }
            return issue;
        });
    }

    @Override
    public List<Issue> issueAll(List<IssueRequest> requests, Actor by) {
        return jdbc.transaction(c -> {
            List<Issue> issues = batch.issue(c, requests, programs.current().program());
            long issued = issues.stream().filter(i -> i instanceof Issued done && !done.replayed()).count();
            if (issued > 0) {
                List<String> campaigns = requests.stream().map(IssueRequest::campaign).filter(Objects::nonNull)
                        .distinct().toList();
                AuditRows.insert(c, new Audit.Change(by, "voucher.batch", campaigns.size() == 1
                        ? "campaign:" + campaigns.getFirst() : "members", null,
                        Map.of("vouchers", issued, "campaigns", campaigns)), clock.instant());
            }
            return issues;
        });
    }

    /** Issues a voucher inside the caller's transaction (a reward bought with points). */
    Voucher insert(Connection c, VoucherTemplate template, UUID memberId, String reason, String issueKey) throws SQLException {
        return batch.write(c, List.of(new PgVoucherBatch.NewVoucher(template, memberId, reason, issueKey, null)))
                .getFirst();
    }

    @Override
    public Optional<Voucher> get(String code) {
        return jdbc.read(c -> one(c, "code = ?", code));
    }

    @Override
    public List<Voucher> usable(UUID memberId) {
        Instant now = clock.instant();
        return jdbc.read(c -> {
            List<Voucher> vouchers = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM voucher WHERE member_id = ? "
                    + "AND status = 'ISSUED' AND valid_from <= ? AND valid_until > ? ORDER BY valid_until")) {
                try (ResultSet rs = Jdbc.bind(ps, memberId, now, now).executeQuery()) {
                    while (rs.next()) {
                        vouchers.add(read(rs));
                    }
                }
            }
            return vouchers;
        });
    }

    @Override
    public Hold reserve(String code, String saleRef, UUID memberId, Duration hold) {
        return jdbc.transaction(c -> {
            Optional<Voucher> found = lock(c, code);
            if (found.isEmpty()) {
                return new NotFound();
            }
            Voucher voucher = found.get();
            Instant now = clock.instant();
            Optional<Reservation> existing = reservation(c, voucher.id(), saleRef);
            if (existing.isPresent() && existing.get().status().equals("RESERVED") && existing.get().heldUntil().isAfter(now)) {
                return new Held(existing.get().id(), existing.get().heldUntil(), true);
            }
            if (existing.isPresent() && existing.get().status().equals("COMMITTED")) {
                return new Refused("the voucher was already used on sale " + saleRef);
            }
            String refusal = voucher.refusal(memberId, null, null, Long.MAX_VALUE, now);
            if (refusal != null) {
                return new Refused(refusal);
            }
            if (voucher.uses() + running(c, voucher.id(), now, null) >= voucher.usesAllowed()) {
                return new Refused("the voucher is already in use on another sale");
            }
            UUID id = existing.map(Reservation::id).orElse(Ids.next(clock));
            Instant until = now.plus(hold);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO voucher_reservation (id, voucher_id, sale_ref, status, held_until, created_at)
                    VALUES (?, ?, ?, 'RESERVED', ?, ?)
                    ON CONFLICT (voucher_id, sale_ref) DO UPDATE SET status = 'RESERVED', held_until = excluded.held_until,
                        settled_at = NULL""")) {
                Jdbc.bind(ps, id, voucher.id(), saleRef, until, now).executeUpdate();
            }
            return new Held(id, until, false);
        });
    }

    @Override
    public Settle commit(String code, String saleRef) {
        return jdbc.transaction(c -> {
            Optional<Voucher> found = lock(c, code);
            if (found.isEmpty()) {
                return new NotFound();
            }
            Voucher voucher = found.get();
            Optional<Reservation> held = reservation(c, voucher.id(), saleRef);
            if (held.isEmpty()) {
                return new Refused("the voucher is not held for sale " + saleRef);
            }
            switch (held.get().status()) {
                case "COMMITTED" -> {
                    return new Settled(voucher, true);
                }
                case "RESERVED" -> {
                    // A hold past its time still commits if no one else took the use meanwhile.
                }
                default -> {
                    return new Refused("the hold for sale " + saleRef + " was " + held.get().status().toLowerCase());
                }
            }
            Instant now = clock.instant();
            if (!"ISSUED".equals(voucher.status()) || !now.isBefore(voucher.validUntil())) {
                return new Refused("the voucher is " + ("ISSUED".equals(voucher.status()) ? "expired"
                        : voucher.status().toLowerCase(java.util.Locale.ROOT)));
            }
            if (voucher.uses() + running(c, voucher.id(), now, held.get().id()) >= voucher.usesAllowed()) {
                return new Refused("the voucher was used on another sale");
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE voucher_reservation SET status = 'COMMITTED', settled_at = ? WHERE id = ?")) {
                Jdbc.bind(ps, now, held.get().id()).executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE voucher SET uses = uses + 1,
                        status = CASE WHEN uses + 1 >= uses_allowed THEN 'REDEEMED' ELSE status END
                    WHERE id = ?""")) {
                Jdbc.bind(ps, voucher.id()).executeUpdate();
            }
            outbox.append(c, used(voucher, saleRef, now));
            return new Settled(one(c, "id = ?", voucher.id()).orElseThrow(), false);
        });
    }

    @Override
    public Settle release(String code, String saleRef) {
        return jdbc.transaction(c -> {
            Optional<Voucher> found = lock(c, code);
            if (found.isEmpty()) {
                return new NotFound();
            }
            Optional<Reservation> held = reservation(c, found.get().id(), saleRef);
            if (held.isEmpty() || !held.get().status().equals("RESERVED")) {
                // Releasing what is not held changes nothing; a void retried must not fail.
                return held.isPresent() && held.get().status().equals("COMMITTED")
                        ? new Refused("the voucher was already used on sale " + saleRef)
                        : new Settled(found.get(), true);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE voucher_reservation SET status = 'RELEASED', settled_at = ? WHERE id = ?")) {
                Jdbc.bind(ps, clock.instant(), held.get().id()).executeUpdate();
            }
            return new Settled(found.get(), false);
        });
    }

    /**
     * Uses a voucher on a sale inside the caller's transaction (a purchase recorded with the voucher applied):
     * the sale's hold is committed, or, without one, a use is taken if the voucher has one free. Empty when
     * the voucher cannot be used on this sale; the sale is recorded all the same, without it.
     */
    Optional<Voucher> useOnSale(Connection c, String code, String saleRef, UUID memberId,
                                io.punchcard.loyalty.program.Channel channel, String store, long eligibleMinor,
                                Instant now) throws SQLException {
        Optional<Voucher> found = lock(c, code);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Voucher voucher = found.get();
        Optional<Reservation> held = reservation(c, voucher.id(), saleRef);
        if (held.isPresent() && held.get().status().equals("COMMITTED")) {
            return Optional.of(voucher);
        }
        // A hold for this sale was checked when the till made it: re-checking dates and the minimum spend now
        // (the sale's eligible spend is after the voucher's own discount; the sale may arrive hours later from
        // an offline store) would refuse a voucher the shopper was already given, and leave it usable again.
        boolean heldForSale = held.isPresent() && held.get().status().equals("RESERVED") && !voucher.status().equals("VOIDED");
        String refusal = heldForSale ? voucher.misfit(memberId, channel, store)
                : voucher.refusal(memberId, channel, store, eligibleMinor, now);
        if (refusal != null) {
            return Optional.empty();
        }
        UUID heldId = held.filter(h -> h.status().equals("RESERVED")).map(Reservation::id).orElse(null);
        if (voucher.uses() + running(c, voucher.id(), now, heldId) >= voucher.usesAllowed()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO voucher_reservation (id, voucher_id, sale_ref, status, held_until, created_at, settled_at)
                VALUES (?, ?, ?, 'COMMITTED', ?, ?, ?)
                ON CONFLICT (voucher_id, sale_ref) DO UPDATE SET status = 'COMMITTED', settled_at = excluded.settled_at""")) {
            Jdbc.bind(ps, Ids.next(clock), voucher.id(), saleRef, now, now, now).executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE voucher SET uses = uses + 1,
                    status = CASE WHEN uses + 1 >= uses_allowed THEN 'REDEEMED' ELSE status END
                WHERE id = ?""")) {
            Jdbc.bind(ps, voucher.id()).executeUpdate();
        }
        outbox.append(c, used(voucher, saleRef, now));
        return Optional.of(voucher);
    }

    /**
     * {@code voucher.used} for a use of {@code voucher} on sale {@code saleRef}. The core is not told the discount a
     * till gave, so the event carries what the voucher itself fixes: an amount-off voucher's amount; 0 for a percent
     * off, a free item or a points multiplier, whose worth depends on the basket.
     */
    private static Event used(Voucher voucher, String saleRef, Instant now) {
        long discountMinor = voucher.template().kind() == VoucherTemplate.Kind.AMOUNT_OFF
                ? voucher.template().amountMinor() : 0;
        return Event.of(voucher.memberId(), new LoyaltyEvent.VoucherUsed(voucher.id(), voucher.template().code(), saleRef,
                discountMinor), now);
    }

    /** The voucher with this code, read inside the caller's transaction. */
    Optional<Voucher> peek(Connection c, String code) throws SQLException {
        return one(c, "code = ?", code);
    }

    private record Reservation(UUID id, String status, Instant heldUntil) {
    }

    private static Optional<Reservation> reservation(Connection c, UUID voucherId, String saleRef) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, status, held_until FROM voucher_reservation WHERE voucher_id = ? AND sale_ref = ?")) {
            try (ResultSet rs = Jdbc.bind(ps, voucherId, saleRef).executeQuery()) {
                return rs.next() ? Optional.of(new Reservation(rs.getObject(1, UUID.class), rs.getString(2),
                        Jdbc.instant(rs.getTimestamp(3)))) : Optional.empty();
            }
        }
    }

    /** Holds still running on a voucher, other than {@code except}. */
    private static long running(Connection c, UUID voucherId, Instant now, UUID except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM voucher_reservation
                WHERE voucher_id = ? AND status = 'RESERVED' AND held_until > ? AND id IS DISTINCT FROM ?""")) {
            try (ResultSet rs = Jdbc.bind(ps, voucherId, now, except).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Optional<Voucher> lock(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM voucher WHERE code = ? FOR UPDATE")) {
            try (ResultSet rs = Jdbc.bind(ps, code).executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Optional<Voucher> one(Connection c, String where, Object value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM voucher WHERE " + where)) {
            try (ResultSet rs = Jdbc.bind(ps, value).executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static Voucher read(ResultSet rs) throws SQLException {
        try {
            return new Voucher(rs.getObject(1, UUID.class), rs.getString(2),
                    Json.mapper().readValue(rs.getString(3), VoucherTemplate.class), rs.getObject(4, UUID.class),
                    rs.getString(5), rs.getInt(6), rs.getInt(7), Jdbc.instant(rs.getTimestamp(8)),
                    Jdbc.instant(rs.getTimestamp(9)), Jdbc.instant(rs.getTimestamp(10)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
