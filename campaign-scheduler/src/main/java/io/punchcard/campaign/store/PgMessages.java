package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.helidon.dbclient.DbClient;

import io.punchcard.api.Json;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.ClaimedMessage;
import io.punchcard.campaign.message.DeliveryStatus;
import io.punchcard.campaign.message.MessageRecord;
import io.punchcard.campaign.message.MessageState;
import io.punchcard.campaign.message.MessageStore;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;
import io.punchcard.campaign.message.SendRules;

/** The messages in the scheduler's PostgreSQL schema: the rows the dispatcher's workers claim with leases. */
public final class PgMessages implements MessageStore {

    private static final String COLUMNS = "id, reference, purpose, channel, member_id, to_address, template, facts, "
            + "due_at, expires_at, attempts";

    /** Columns a planned message fills, in the order both plan statements give them. */
    private static final String PLANNED_COLUMNS = "cause, reference, purpose, channel, member_id, to_address, template, "
            + "facts, campaign, requested_by, created_at, due_at, not_before, expires_at, state";
    /**
     * Messages planned in one transaction: large enough that a segment of 100,000 is 100 commits, small enough that
     * a transaction holds its rows' locks (and a planner's memory) briefly.
     */
    static final int PLAN_CHUNK = 1_000;

    private final Tx tx;

    public PgMessages(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public Planned plan(PlannedMessage m, Instant expiresAt, Instant now) {
        return tx.transaction(c -> insert(c, m, expiresAt, now));
    }

    /** Plans {@code m} inside the caller's transaction. */
    static Planned insert(Connection c, PlannedMessage m, Instant expiresAt, Instant now) throws SQLException {
        // ON CONFLICT DO NOTHING: a second plan of the same cause, even at the same instant on another
        // instance, leaves the first row as it is.
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO message (" + PLANNED_COLUMNS + ") VALUES "
                        + "(?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, 'QUEUED') ON CONFLICT (cause) DO NOTHING "
                        + "RETURNING id"),
                m.cause(), reference(), m.purpose(), m.channel(), m.memberId(), m.toAddress(), m.template(),
                Json.write(m.facts()), m.campaign(), m.requestedBy(), now, m.dueAt(), m.dueAt(), expiresAt);
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return new Planned(rs.getLong(1), true);
            }
        }
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id FROM message WHERE cause = ?"), m.cause());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Planned(rs.getLong(1), false);
        }
    }

    /**
     * Plans {@code messages} in transactions of up to {@link #PLAN_CHUNK}, each one statement over arrays (one
     * round trip, one plan): a JDBC batch would be rewritten by the driver into multi-row INSERTs that report
     * no count per row, and the count of new rows is what the caller asks for. A cause repeated in the list, or
     * stored before, is planned once: the first wins, as with {@link #plan}.
     */
    @Override
    public int planAll(List<PlannedMessage> messages, Function<PlannedMessage, Instant> expiresAt, Instant now) {
        int created = 0;
        for (int from = 0; from < messages.size(); from += PLAN_CHUNK) {
            List<PlannedMessage> chunk = messages.subList(from, Math.min(messages.size(), from + PLAN_CHUNK));
            created += tx.transaction(c -> insertAll(c, chunk, expiresAt, now));
        }
        return created;
    }

    private static int insertAll(Connection c, List<PlannedMessage> chunk, Function<PlannedMessage, Instant> expiresAt,
                                 Instant now) throws SQLException {
        int n = chunk.size();
        String[][] text = new String[11][n];
        UUID[] members = new UUID[n];
        for (int i = 0; i < n; i++) {
            PlannedMessage m = chunk.get(i);
            String[] row = {m.cause(), reference(), m.purpose().name(), m.channel().name(), m.toAddress(), m.template(),
                    Json.write(m.facts()), m.campaign(), m.requestedBy(), m.dueAt().toString(),
                    expiresAt.apply(m).toString()};
            for (int col = 0; col < row.length; col++) {
                text[col][i] = row[col];
            }
            members[i] = m.memberId();
        }
        // WITH ORDINALITY and DISTINCT ON keep the first of a cause repeated in the chunk, so it is the one stored.
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO message (" + PLANNED_COLUMNS + ") "
                + "SELECT DISTINCT ON (cause) cause, reference, purpose, channel, member_id, to_address, template, "
                + "facts::jsonb, campaign, requested_by, ?, due_at::timestamptz, due_at::timestamptz, "
                + "expires_at::timestamptz, 'QUEUED' FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::uuid[], "
                + "?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS p(cause, "
                + "reference, purpose, channel, member_id, to_address, template, facts, campaign, requested_by, due_at, "
                + "expires_at, n) ORDER BY cause, n ON CONFLICT (cause) DO NOTHING")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(now));
            int p = 2;
            for (int col = 0; col < 4; col++) {
                ps.setArray(p++, c.createArrayOf("text", text[col]));
            }
            ps.setArray(p++, c.createArrayOf("uuid", members));
            for (int col = 4; col < text.length; col++) {
                ps.setArray(p++, c.createArrayOf("text", text[col]));
            }
            return ps.executeUpdate();
        }
    }

    /**
     * A reference no one can guess from another (it goes into links and headers), unique by the row's own
     * constraint: 16 random bytes.
     */
    private static String reference() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "m" + HexFormat.of().formatHex(bytes);
    }

    @Override
    public List<ClaimedMessage> claim(Channel channel, String owner, int limit, Instant now, Duration lease) {
        return tx.transaction(c -> {
            List<ClaimedMessage> claimed = new ArrayList<>();
            // Transactional first, then marketing, each oldest first: two claims on the partial index rather
            // than one sort of every due row.
            for (Purpose purpose : List.of(Purpose.TRANSACTIONAL, Purpose.MARKETING)) {
                int wanted = limit - claimed.size();
                if (wanted <= 0) {
                    break;
                }
                // SKIP LOCKED: workers on every instance claim at once without waiting for, or taking, each
                // other's rows.
                try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE message m SET state = 'CLAIMED', "
                                + "lease_owner = ?, lease_until = ? FROM (SELECT id FROM message WHERE state = 'QUEUED' "
                                + "AND channel = ? AND purpose = ? AND not_before <= ? ORDER BY not_before, id LIMIT ? "
                                + "FOR UPDATE SKIP LOCKED) due WHERE m.id = due.id RETURNING m."
                                + COLUMNS.replace(", ", ", m.")),
                        owner, now.plus(lease), channel, purpose, now, wanted);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(claimed(rs));
                    }
                }
            }
            return claimed;
        });
    }

    private static ClaimedMessage claimed(ResultSet rs) throws SQLException {
        return new ClaimedMessage(rs.getLong("id"), rs.getString("reference"), Purpose.valueOf(rs.getString("purpose")),
                Channel.valueOf(rs.getString("channel")), rs.getObject("member_id", UUID.class),
                rs.getString("to_address"), rs.getString("template"),
                Json.read(rs.getString("facts"), CauseFacts.class),
                Tx.instant(rs.getTimestamp("due_at")), Tx.instant(rs.getTimestamp("expires_at")), rs.getInt("attempts"));
    }

    @Override
    public Optional<SendRules.Decision> handOver(ClaimedMessage m, String owner, Instant capWindowStart,
                                                 BiFunction<Long, Instant, SendRules.Decision> decide,
                                                 Delivery delivery, Instant sendLeaseUntil, Instant now) {
        return tx.transaction(c -> {
            if (m.memberId() != null) {
                // One member's messages are decided one at a time on every instance, so two workers cannot both
                // take the last place under the member's frequency cap, and an opt-out cannot slip between the
                // check and the hand-over.
                lockMember(c, m.memberId());
            }
            if (!held(c, m.id(), owner, "CLAIMED", now)) {
                return Optional.empty();
            }
            long sent = 0;
            Instant optedOutAt = null;
            if (m.memberId() != null && m.purpose() == Purpose.MARKETING) {
                sent = marketingHandedSince(c, m.memberId(), capWindowStart);
                optedOutAt = optedOutAt(c, m.memberId(), m.channel());
            }
            SendRules.Decision decision = decide.apply(sent, optedOutAt);
            switch (decision) {
                // A try is counted here, when the message goes to the provider, not when it is claimed: claims that
                // never reach the provider (the core silent, the provider paused) spend no tries.
                case SendRules.Decision.Send ignored -> update(c, "UPDATE message SET state = 'SENDING', handed_at = ?, "
                                + "attempts = attempts + 1, lease_until = ?, address_used = ?, language = ?, subject = ?, "
                                + "segments = ? WHERE id = ?",
                        now, sendLeaseUntil, delivery.address(), delivery.language(), delivery.subject(),
                        delivery.segments(), m.id());
                case SendRules.Decision.Suppress suppress -> {
                    update(c, "UPDATE message SET state = 'SUPPRESSED', finished_at = ?, outcome = ?, outcome_detail = ?, "
                            + "lease_owner = NULL, lease_until = NULL WHERE id = ?",
                            now, suppress.reason(), suppress.detail(), m.id());
                }
                case SendRules.Decision.Defer defer -> {
                    // Deferred, the message is due at the end of the quiet hours: its time to expire counts from
                    // then, so a night's wait never expires it. The cast is needed: a bare parameter added to an
                    // interval is taken for an interval, and PostgreSQL refuses to store that in expires_at.
                    update(c, "UPDATE message SET state = 'QUEUED', not_before = ?, expires_at = CAST(? AS timestamptz) "
                            + "+ (expires_at - due_at), due_at = ?, lease_owner = NULL, lease_until = NULL "
                            + "WHERE id = ?", defer.until(), defer.until(), defer.until(), m.id());
                    step(c, m.id(), now, "DEFERRED", defer.reason() + " until " + defer.until());
                }
            }
            return Optional.of(decision);
        });
    }

    private static void lockMember(Connection c, UUID memberId) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT pg_advisory_xact_lock(?)"),
                memberId.getMostSignificantBits() ^ memberId.getLeastSignificantBits());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
        }
    }

    /** Whether this owner still holds the message in {@code state}, its lease not yet run out. */
    private static boolean held(Connection c, long id, String owner, String state, Instant now) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT 1 FROM message WHERE id = ? AND state = ? "
                + "AND lease_owner = ? AND lease_until > ? FOR UPDATE"), id, state, owner, now);
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static long marketingHandedSince(Connection c, UUID memberId, Instant since) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT count(*) FROM message WHERE member_id = ? "
                + "AND purpose = 'MARKETING' AND handed_at >= ?"), memberId, since);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** When the member last opted out of the channel here, unless they opted in again since. */
    private static Instant optedOutAt(Connection c, UUID memberId, Channel channel) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT granted, at FROM opt_out WHERE member_id = ? "
                + "AND channel = ? ORDER BY at DESC, id DESC LIMIT 1"), memberId, channel);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && !rs.getBoolean(1) ? Tx.instant(rs.getTimestamp(2)) : null;
        }
    }

    @Override
    public void finish(long id, String owner, MessageState from, Settlement settlement, Instant now) {
        tx.transaction(c -> update(c, "UPDATE message SET state = ?, finished_at = ?, outcome = ?, outcome_detail = ?, "
                + "provider_id = ?, facts = CASE WHEN ? THEN '{}'::jsonb ELSE facts END, lease_owner = NULL, "
                + "lease_until = NULL WHERE id = ? AND lease_owner = ? AND state = ?", settlement.state(), now,
                settlement.outcome(), settlement.detail(), settlement.providerId(), settlement.forgetFacts(), id, owner,
                from));
    }

    @Override
    public void retry(long id, String owner, MessageState from, Instant notBefore, String detail, Instant now) {
        tx.transaction(c -> {
            if (update(c, "UPDATE message SET state = 'QUEUED', not_before = ?, handed_at = NULL, lease_owner = NULL, "
                    + "lease_until = NULL WHERE id = ? AND lease_owner = ? AND state = ?", notBefore, id, owner, from) == 1) {
                step(c, id, now, "RETRY", detail + "; next try at " + notBefore);
            }
            return null;
        });
    }

    @Override
    public void putBack(long id, String owner, Instant notBefore, String detail, Instant now) {
        tx.transaction(c -> {
            if (update(c, "UPDATE message SET state = 'QUEUED', not_before = ?, lease_owner = NULL, lease_until = NULL "
                    + "WHERE id = ? AND lease_owner = ? AND state = 'CLAIMED'", notBefore, id, owner) == 1) {
                step(c, id, now, "RETRY", detail + "; next try at " + notBefore);
            }
            return null;
        });
    }

    @Override
    public int recoverLeases(Instant now, Function<Purpose, MessageState> lostSend) {
        return tx.transaction(c -> {
            int settled = update(c, "UPDATE message SET state = 'QUEUED', lease_owner = NULL, lease_until = NULL "
                    + "WHERE state = 'CLAIMED' AND lease_until < ?", now);
            for (Purpose purpose : Purpose.values()) {
                MessageState after = lostSend.apply(purpose);
                settled += switch (after) {
                    case QUEUED -> update(c, "UPDATE message SET state = 'QUEUED', handed_at = NULL, lease_owner = NULL, "
                            + "lease_until = NULL WHERE state = 'SENDING' AND lease_until < ? AND purpose = ?", now, purpose);
                    case UNKNOWN -> update(c, "UPDATE message SET state = 'UNKNOWN', finished_at = ?, "
                            + "outcome = 'LEASE_EXPIRED', outcome_detail = 'the worker stopped while handing it over; it "
                            + "may or may not have gone', lease_owner = NULL, lease_until = NULL WHERE state = 'SENDING' "
                            + "AND lease_until < ? AND purpose = ?", now, now, purpose);
                    default -> throw new IllegalArgumentException("a lost send cannot become " + after);
                };
            }
            return settled;
        });
    }

    @Override
    public int release(String ownerPrefix) {
        return tx.transaction(c -> update(c, "UPDATE message SET state = 'QUEUED', lease_owner = NULL, lease_until = NULL "
                + "WHERE starts_with(lease_owner, ?) AND state = 'CLAIMED'", ownerPrefix));
    }

    @Override
    public ConsentRecorded recordConsent(UUID memberId, Channel channel, boolean granted, String source, Instant at,
                                         Instant sameSince) {
        return tx.transaction(c -> {
            lockMember(c, memberId);
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id, granted, at FROM opt_out WHERE member_id = ? "
                    + "AND channel = ? ORDER BY at DESC, id DESC LIMIT 1"), memberId, channel);
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(2) == granted && !Tx.instant(rs.getTimestamp(3)).isBefore(sameSince)) {
                    return new ConsentRecorded(rs.getLong(1), 0, true);
                }
            }
            long id;
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO opt_out (member_id, channel, granted, "
                    + "source, at) VALUES (?, ?, ?, ?, ?) RETURNING id"), memberId, channel, granted, source, at);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            if (granted) {
                return new ConsentRecorded(id, 0, false);
            }
            // CLAIMED ones too: their worker finds them gone when it comes to hand them over (handOver checks
            // under the same member lock).
            return new ConsentRecorded(id, update(c, "UPDATE message SET state = 'CANCELLED', finished_at = ?, "
                    + "outcome = 'OPTED_OUT', outcome_detail = ?, lease_owner = NULL, lease_until = NULL "
                    + "WHERE member_id = ? AND channel = ? AND purpose = 'MARKETING' AND state IN ('QUEUED', 'CLAIMED')",
                    at, "opted out by " + source, memberId, channel), false);
        });
    }

    @Override
    public List<PendingConsent> unsyncedConsents(int limit) {
        return tx.read(c -> {
            List<PendingConsent> pending = new ArrayList<>();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id, member_id, channel, granted, source, at "
                    + "FROM opt_out WHERE synced_at IS NULL ORDER BY id LIMIT ?"), limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pending.add(new PendingConsent(rs.getLong(1), rs.getObject(2, UUID.class),
                            Channel.valueOf(rs.getString(3)), rs.getBoolean(4), rs.getString(5),
                            Tx.instant(rs.getTimestamp(6))));
                }
            }
            return pending;
        });
    }

    @Override
    public void consentSynced(long id, Instant at) {
        tx.transaction(c -> update(c, "UPDATE opt_out SET synced_at = ?, last_error = NULL WHERE id = ?", at, id));
    }

    @Override
    public void consentNotSynced(long id, String error) {
        tx.transaction(c -> update(c, "UPDATE opt_out SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                error == null ? null : error.substring(0, Math.min(500, error.length())), id));
    }

    private static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement(sql), values)) {
            return ps.executeUpdate();
        }
    }

    private static void step(Connection c, long id, Instant at, String step, String detail) throws SQLException {
        update(c, "INSERT INTO message_step (message_id, at, step, detail) VALUES (?, ?, ?, ?)", id, at, step, detail);
    }

    /** The message {@code id} with its steps. */
    public Optional<MessageRecord> find(long id) {
        return tx.read(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM message WHERE id = ?"), id);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(record(rs, steps(c, id)));
            }
        });
    }

    /** A member's messages, newest first, before message {@code beforeId} when given. */
    public List<MessageRecord> ofMember(UUID memberId, Long beforeId, int limit) {
        return tx.read(c -> {
            List<MessageRecord> records = new ArrayList<>();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT * FROM message WHERE member_id = ? "
                    + "AND id < ? ORDER BY id DESC LIMIT ?"), memberId, beforeId == null ? Long.MAX_VALUE : beforeId,
                    limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(record(rs, List.of()));
                }
            }
            return records;
        });
    }

    /** What a delivery receipt did. */
    public enum ReceiptOutcome {
        RECORDED,
        /** A receipt of an earlier stage, or a repeat, after a later one: kept as a step, the status stays. */
        IGNORED,
        NO_SUCH_MESSAGE
    }

    /** Records a gateway's receipt for the message with {@code reference}. */
    public ReceiptOutcome receipt(String reference, DeliveryStatus status, Instant at, String detail, Instant now) {
        return tx.transaction(c -> {
            long id;
            DeliveryStatus current;
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id, delivery FROM message WHERE reference = ? "
                    + "FOR UPDATE"), reference);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return ReceiptOutcome.NO_SUCH_MESSAGE;
                }
                id = rs.getLong(1);
                current = rs.getString(2) == null ? null : DeliveryStatus.valueOf(rs.getString(2));
            }
            step(c, id, now, "RECEIPT", status + (detail == null ? "" : ": " + detail));
            if (current != null && !status.replaces(current)) {
                return ReceiptOutcome.IGNORED;
            }
            update(c, "UPDATE message SET delivery = ?, delivery_at = ? WHERE id = ?", status, at, id);
            return ReceiptOutcome.RECORDED;
        });
    }

    private static List<MessageRecord.Step> steps(Connection c, long id) throws SQLException {
        List<MessageRecord.Step> steps = new ArrayList<>();
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT at, step, detail FROM message_step "
                + "WHERE message_id = ? ORDER BY id LIMIT 1000"), id);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                steps.add(new MessageRecord.Step(Tx.instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3)));
            }
        }
        return steps;
    }

    private static MessageRecord record(ResultSet rs, List<MessageRecord.Step> steps) throws SQLException {
        String delivery = rs.getString("delivery");
        int segments = rs.getInt("segments");
        Integer segmentCount = rs.wasNull() ? null : segments;
        return new MessageRecord(rs.getLong("id"), rs.getString("cause"), Purpose.valueOf(rs.getString("purpose")),
                Channel.valueOf(rs.getString("channel")), rs.getObject("member_id", UUID.class), rs.getString("template"),
                rs.getString("campaign"), rs.getString("requested_by"), Tx.instant(rs.getTimestamp("created_at")),
                Tx.instant(rs.getTimestamp("due_at")), Tx.instant(rs.getTimestamp("not_before")),
                MessageState.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getString("outcome"),
                rs.getString("outcome_detail"), rs.getString("address_used"), rs.getString("language"),
                rs.getString("subject"), segmentCount, rs.getString("provider_id"),
                delivery == null ? null : DeliveryStatus.valueOf(delivery), Tx.instant(rs.getTimestamp("delivery_at")),
                Tx.instant(rs.getTimestamp("handed_at")), Tx.instant(rs.getTimestamp("finished_at")), steps);
    }
}
