package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.VoucherTemplate;
import io.punchcard.loyalty.voucher.IssueRequest;
import io.punchcard.loyalty.voucher.Voucher;
import io.punchcard.loyalty.voucher.VoucherCodes;
import io.punchcard.loyalty.voucher.Vouchers;

/**
 * Vouchers issued — one, or a campaign's thousand — in one transaction with a constant number of statements: the
 * owners found and locked in id order ({@link MemberLocks}), every issue id's advisory lock taken in key order
 * (bearer vouchers lock no member, so two first tries of one issue wait here for each other), the vouchers already
 * issued with those ids read in one query, the new ones written in one statement and their events in another.
 * The single route is a batch of one, so both write the same rows and share the ids.
 *
 * <p>A batch is one transaction: a crash or a failure part-way leaves nothing of it, and sending it again issues
 * every voucher once.
 */
final class PgVoucherBatch {

    private final Outbox outbox;
    private final java.time.Clock clock;

    PgVoucherBatch(Outbox outbox, java.time.Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A voucher issued before with an id asked for again, with what it was issued for. */
    private record Issued(Voucher voucher, String reason, String campaign) {
    }

    /**
     * A voucher to write.
     *
     * @param issueKey the caller's issue id, or null
     */
    record NewVoucher(VoucherTemplate template, UUID memberId, String reason, String issueKey, String campaign) {
    }

    /** Issues {@code requests} in the transaction of {@code c}, answering each in order. */
    List<Vouchers.Issue> issue(Connection c, List<IssueRequest> requests, Program program) throws SQLException {
        int n = requests.size();
        List<Vouchers.Issue> answers = new ArrayList<>(Collections.nCopies(n, null));
        List<UUID> owners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IssueRequest request = requests.get(i);
            if (program.voucherTemplate(request.template()).isEmpty()) {
                answers.set(i, new Vouchers.UnknownTemplate(request.template()));
            } else if (request.memberId() != null) {
                owners.add(request.memberId());
            }
        }
        MemberLocks.Held held = MemberLocks.lockFollowingMerges(c, owners);
        UUID[] ownerOf = new UUID[n];
        TreeSet<String> keys = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            IssueRequest request = requests.get(i);
            if (answers.get(i) != null) {
                continue;
            }
            if (request.memberId() != null) {
                ownerOf[i] = held.current().get(request.memberId());
                if (ownerOf[i] == null) {
                    answers.set(i, new Vouchers.MemberNotFound());
                    continue;
                }
            }
            if (request.issueId() != null) {
                keys.add(request.issueId());
            }
        }
        advisoryLocks(c, keys);
        Map<String, Issued> issued = issued(c, keys);

        // In order: an id issued before (or earlier in this batch) answers its voucher, or is taken.
        Map<String, Integer> firstOf = new HashMap<>();
        List<NewVoucher> writing = new ArrayList<>();
        List<Integer> writtenFor = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            IssueRequest request = requests.get(i);
            if (answers.get(i) != null) {
                continue;
            }
            Issued before = request.issueId() == null ? null : issued.get(request.issueId());
            if (before != null) {
                answers.set(i, request.sameAs(before.voucher().template().code(), before.voucher().memberId(),
                        before.reason(), before.campaign(), ownerOf[i]) ? new Vouchers.Issued(before.voucher(), true)
                        : new Vouchers.IssueIdTaken());
            } else if (request.issueId() != null && firstOf.containsKey(request.issueId())) {
                int first = firstOf.get(request.issueId());
                IssueRequest earlier = requests.get(first);
                boolean same = request.sameAs(earlier.template(), ownerOf[first], earlier.reason(), earlier.campaign(),
                        ownerOf[i]);
                if (!same) {
                    answers.set(i, new Vouchers.IssueIdTaken());
                }
            } else {
                if (request.issueId() != null) {
                    firstOf.put(request.issueId(), i);
                }
                writing.add(new NewVoucher(program.voucherTemplate(request.template()).orElseThrow(), ownerOf[i],
                        request.reason(), request.issueId(), request.campaign()));
                writtenFor.add(i);
            }
        }
        List<Voucher> written = write(c, writing);
        for (int k = 0; k < written.size(); k++) {
            answers.set(writtenFor.get(k), new Vouchers.Issued(written.get(k), false));
        }
        for (int i = 0; i < n; i++) {
            if (answers.get(i) == null) {
                Vouchers.Issued first = (Vouchers.Issued) answers.get(firstOf.get(requests.get(i).issueId()));
                answers.set(i, new Vouchers.Issued(first.voucher(), true));
            }
        }
        return answers;
    }

    /**
     * Writes new vouchers in one statement, and their events in one more, in the transaction of {@code c}; answers
     * them as stored (times at the database's precision, so a later replay answers the same).
     */
    List<Voucher> write(Connection c, List<NewVoucher> vouchers) throws SQLException {
        if (vouchers.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        int n = vouchers.size();
        Object[] ids = new Object[n];
        Object[] codes = new Object[n];
        Object[] templateCodes = new Object[n];
        Object[] templates = new Object[n];
        Object[] members = new Object[n];
        Object[] uses = new Object[n];
        Object[] until = new Object[n];
        Object[] keys = new Object[n];
        Object[] reasons = new Object[n];
        Object[] campaigns = new Object[n];
        for (int i = 0; i < n; i++) {
            NewVoucher v = vouchers.get(i);
            ids[i] = io.punchcard.loyalty.member.Ids.next(clock);
            codes[i] = VoucherCodes.generate();
            templateCodes[i] = v.template().code();
            templates[i] = Jdbc.json(v.template());
            members[i] = v.memberId();
            uses[i] = v.template().usesPerVoucher();
            // As ISO-8601 instants: pgjdbc writes a Timestamp in an array as local time without its offset.
            until[i] = now.plus(Duration.ofDays(v.template().validDays())).toString();
            keys[i] = v.issueKey();
            reasons[i] = v.reason();
            campaigns[i] = v.campaign();
        }
        Map<UUID, Voucher> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO voucher (id, code, template_code, template, member_id, status, uses_allowed, valid_from,
                    valid_until, issue_key, issued_at, reason, campaign)
                SELECT id, code, template_code, template::jsonb, member_id, 'ISSUED', uses_allowed, ?, valid_until,
                    issue_key, ?, reason, campaign
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::uuid[], ?::int[], ?::text[]::timestamptz[],
                            ?::text[], ?::text[], ?::text[])
                     AS v(id, code, template_code, template, member_id, uses_allowed, valid_until, issue_key, reason,
                          campaign)
                RETURNING\s""" + PgVouchers.COLUMNS)) {
            ps.setTimestamp(1, Jdbc.ts(now));
            ps.setTimestamp(2, Jdbc.ts(now));
            ps.setArray(3, c.createArrayOf("uuid", ids));
            ps.setArray(4, c.createArrayOf("text", codes));
            ps.setArray(5, c.createArrayOf("text", templateCodes));
            ps.setArray(6, c.createArrayOf("text", templates));
            ps.setArray(7, c.createArrayOf("uuid", members));
            ps.setArray(8, c.createArrayOf("int4", uses));
            ps.setArray(9, c.createArrayOf("text", until));
            ps.setArray(10, c.createArrayOf("text", keys));
            ps.setArray(11, c.createArrayOf("text", reasons));
            ps.setArray(12, c.createArrayOf("text", campaigns));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Voucher voucher = PgVouchers.read(rs);
                    stored.put(voucher.id(), voucher);
                }
            }
        }
        List<Voucher> written = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            written.add(stored.get((UUID) ids[i]));
            events.add(event(written.get(i), vouchers.get(i).reason(), now));
        }
        outbox.append(c, events.toArray(Event[]::new));
        return written;
    }

    /** The event of one voucher issued: every voucher, single, batched or bought as a reward, is announced here. */
    private static Event event(Voucher voucher, String reason, Instant now) {
        return new Event(Event.VOUCHER_ISSUED, voucher.memberId(), Map.of("voucherId", voucher.id().toString(),
                "template", voucher.template().code(), "reason", reason), now);
    }

    /** Each issue id's advisory lock, in key order, so two batches sharing ids cannot deadlock. */
    private static void advisoryLocks(Connection c, TreeSet<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        // The key and seed a single issue has always locked with, so instances of two versions still exclude each other.
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(pg_advisory_xact_lock(hashtextextended('voucher-issue:' || k, 7)))
                FROM (SELECT k FROM unnest(?::text[]) AS k ORDER BY k) AS ordered""")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            ps.executeQuery().close();
        }
    }

    /** The vouchers already issued with {@code keys}, by issue id, as they are now. */
    private static Map<String, Issued> issued(Connection c, TreeSet<String> keys) throws SQLException {
        Map<String, Issued> issued = new HashMap<>();
        if (keys.isEmpty()) {
            return issued;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PgVouchers.COLUMNS
                + ", issue_key, reason, campaign FROM voucher WHERE issue_key = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    issued.put(rs.getString(11), new Issued(PgVouchers.read(rs), rs.getString(12), rs.getString(13)));
                }
            }
        }
        return issued;
    }
}
