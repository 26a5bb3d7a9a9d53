package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
            ps.setTimestamp(1, Timestamp.from(now));
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
    public Map<Long, SendRules.Decision> decide(List<Decidable> batch, String owner, Rules rules, Instant now) {
        if (batch.isEmpty()) {
            return Map.of();
        }
        return tx.transaction(c -> {
            lockMembers(c, batch.stream().map(d -> d.message().memberId()).filter(Objects::nonNull).toList());
            Set<Long> held = held(c, batch.stream().map(d -> d.message().id()).toList(), owner, now);
            Map<CapKey, Long> handedBefore = marketingHandedSince(c, batch);
            Map<OptOutKey, Instant> optedOut = optedOutAt(c, batch);
            Map<Long, SendRules.Decision> decisions = new LinkedHashMap<>();
            List<Decidable> sends = new ArrayList<>();
            for (Decidable d : batch) {
                ClaimedMessage m = d.message();
                if (!held.contains(m.id()) || decisions.containsKey(m.id())) {
                    continue;
                }
                boolean counted = m.memberId() != null && m.purpose() == Purpose.MARKETING;
                CapKey cap = counted && d.capWindowStart() != null ? new CapKey(m.memberId(), d.capWindowStart()) : null;
                SendRules.Decision decision = rules.decide(d, cap == null ? 0 : handedBefore.getOrDefault(cap, 0L),
                        counted ? optedOut.get(new OptOutKey(m.memberId(), m.channel())) : null);
                decisions.put(m.id(), decision);
                switch (decision) {
                    case SendRules.Decision.Send ignored -> sends.add(d);
                    case SendRules.Decision.Suppress suppress -> update(c, "UPDATE message SET state = 'SUPPRESSED', "
                            + "finished_at = ?, outcome = ?, outcome_detail = ?, lease_owner = NULL, lease_until = NULL "
                            + "WHERE id = ?", now, suppress.reason(), suppress.detail(), m.id());
                    case SendRules.Decision.Defer defer -> {
                        // Deferred, the message is due at the end of the quiet hours: its time to expire counts
                        // from then, so a night's wait never expires it. The cast is needed: a bare parameter added
                        // to an interval is taken for an interval, and PostgreSQL refuses to store that in expires_at.
                        update(c, "UPDATE message SET state = 'QUEUED', not_before = ?, expires_at = CAST(? AS "
                                + "timestamptz) + (expires_at - due_at), due_at = ?, lease_owner = NULL, "
                                + "lease_until = NULL WHERE id = ?", defer.until(), defer.until(), defer.until(), m.id());
                        step(c, m.id(), now, "DEFERRED", defer.reason() + " until " + defer.until());
                    }
                }
            }
            reserve(c, sends, now);
            return decisions;
        });
    }

    /**
     * Takes the places under the cap of the messages decided to go whose member has a cap in force (handed_at, which
     * is what every worker counts): one statement for the batch. Without a cap nothing is written here; the
     * hand-over writes handed_at.
     */
    private static void reserve(Connection c, List<Decidable> sends, Instant now) throws SQLException {
        Long[] ids = sends.stream().filter(d -> d.capWindowStart() != null && d.message().memberId() != null
                && d.message().purpose() == Purpose.MARKETING).map(d -> d.message().id()).toArray(Long[]::new);
        if (ids.length == 0) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE message SET handed_at = ? WHERE id = ANY(?::bigint[])")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setArray(2, c.createArrayOf("bigint", ids));
            ps.executeUpdate();
        }
    }

    /** A member's cap window: the messages to them handed over since {@code since}. */
    private record CapKey(UUID memberId, Instant since) {
    }

    private record OptOutKey(UUID memberId, Channel channel) {
    }

    /**
     * Takes the locks of {@code members}, in one order on every instance: two batches with a member in common wait
     * for each other, and never deadlock.
     */
    private static void lockMembers(Connection c, List<UUID> members) throws SQLException {
        long[] keys = members.stream().mapToLong(PgMessages::lockKey).distinct().sorted().toArray();
        if (keys.length == 0) {
            return;
        }
        Long[] boxed = Arrays.stream(keys).boxed().toArray(Long[]::new);
        // unnest gives the array's order, and the aggregate takes each lock as its row comes.
        try (PreparedStatement ps = c.prepareStatement("SELECT count(pg_advisory_xact_lock(k)) FROM unnest(?::bigint[]) "
                + "WITH ORDINALITY AS u(k, n)")) {
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    private static long lockKey(UUID memberId) {
        return memberId.getMostSignificantBits() ^ memberId.getLeastSignificantBits();
    }

    /** Which of {@code ids} this owner still holds CLAIMED, their lease not yet run out; locks those rows. */
    private static Set<Long> held(Connection c, List<Long> ids, String owner, Instant now) throws SQLException {
        Set<Long> held = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM message WHERE id = ANY(?::bigint[]) "
                + "AND state = 'CLAIMED' AND lease_owner = ? AND lease_until > ? FOR UPDATE")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray(Long[]::new)));
            ps.setString(2, owner);
            ps.setTimestamp(3, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getLong(1));
                }
            }
        }
        return held;
    }

    /** How many marketing messages each member of the batch was handed since their cap window began. */
    private static Map<CapKey, Long> marketingHandedSince(Connection c, List<Decidable> batch) throws SQLException {
        List<CapKey> keys = batch.stream().filter(d -> d.message().memberId() != null
                        && d.message().purpose() == Purpose.MARKETING && d.capWindowStart() != null)
                .map(d -> new CapKey(d.message().memberId(), d.capWindowStart())).distinct().toList();
        Map<CapKey, Long> counts = new HashMap<>();
        if (keys.isEmpty()) {
            return counts;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT u.n, (SELECT count(*) FROM message WHERE member_id = "
                + "u.member_id AND purpose = 'MARKETING' AND handed_at >= u.since::timestamptz) FROM unnest(?::uuid[], "
                + "?::text[]) WITH ORDINALITY AS u(member_id, since, n)")) {
            ps.setArray(1, c.createArrayOf("uuid", keys.stream().map(CapKey::memberId).toArray(UUID[]::new)));
            // As text in ISO form: the driver would write a Timestamp in the JVM's zone, ambiguous in the hour a
            // clock goes back.
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(k -> k.since().toString()).toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(keys.get((int) rs.getLong(1) - 1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    /** When each member of the batch last opted out of each channel here, unless they opted in again since. */
    private static Map<OptOutKey, Instant> optedOutAt(Connection c, List<Decidable> batch) throws SQLException {
        UUID[] members = batch.stream().filter(d -> d.message().memberId() != null
                && d.message().purpose() == Purpose.MARKETING).map(d -> d.message().memberId()).distinct()
                .toArray(UUID[]::new);
        Map<OptOutKey, Instant> optedOut = new HashMap<>();
        if (members.length == 0) {
            return optedOut;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT ON (member_id, channel) member_id, channel, "
                + "granted, at FROM opt_out WHERE member_id = ANY(?::uuid[]) ORDER BY member_id, channel, at DESC, "
                + "id DESC")) {
            ps.setArray(1, c.createArrayOf("uuid", members));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getBoolean(3)) {
                        optedOut.put(new OptOutKey(rs.getObject(1, UUID.class), Channel.valueOf(rs.getString(2))),
                                Tx.instant(rs.getTimestamp(4)));
                    }
                }
            }
        }
        return optedOut;
    }

    /**
     * Settling the worker's sends since its last hand-over, and marking the next group SENDING with what was rendered
     * for each: two statements in one. A try is counted when the message goes to the provider, not when it is
     * claimed: claims that never reach the provider (the core silent, the provider paused) spend no tries. Each
     * join to its arrays also names the ids with {@code = ANY}, so the rows are found by primary key.
     */
    private static final String SETTLE_AND_HAND_OVER = "WITH settled AS (UPDATE message m SET state = u.state, "
            + "finished_at = u.at::timestamptz, outcome = u.outcome, outcome_detail = u.detail, provider_id = u.provider_id, "
            + "facts = CASE WHEN u.forget THEN '{}'::jsonb ELSE m.facts END, lease_owner = NULL, lease_until = NULL "
            + "FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[]) "
            + "AS u(id, state, at, outcome, detail, provider_id, forget) "
            + "WHERE m.id = u.id AND m.id = ANY(?::bigint[]) AND m.lease_owner = ? AND m.state = 'SENDING' RETURNING m.id) "
            + "UPDATE message m SET state = 'SENDING', handed_at = ?, attempts = m.attempts + 1, lease_until = ?, "
            + "address_used = h.address, language = h.language, subject = h.subject, segments = h.segments "
            + "FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::int[]) AS h(id, address, language, subject, "
            + "segments) WHERE m.id = h.id AND m.id = ANY(?::bigint[]) AND m.lease_owner = ? AND m.state = 'CLAIMED' "
            + "AND m.lease_until > ? RETURNING m.id";

    @Override
    public Set<Long> handOver(List<Decidable> group, List<Finished> previous, String owner, Instant sendLeaseUntil,
                              Instant now) {
        if (group.isEmpty() && previous.isEmpty()) {
            return Set.of();
        }
        int n = previous.size();
        Long[] settledIds = new Long[n];
        String[][] settledText = new String[5][n];
        Boolean[] forget = new Boolean[n];
        for (int i = 0; i < n; i++) {
            Finished f = previous.get(i);
            Settlement s = f.settlement();
            settledIds[i] = f.id();
            settledText[0][i] = s.state().name();
            settledText[1][i] = f.at().toString();
            settledText[2][i] = s.outcome();
            settledText[3][i] = s.detail();
            settledText[4][i] = s.providerId();
            forget[i] = s.forgetFacts();
        }
        int g = group.size();
        Long[] ids = new Long[g];
        String[][] rendered = new String[3][g];
        Integer[] segments = new Integer[g];
        for (int i = 0; i < g; i++) {
            Decidable d = group.get(i);
            ids[i] = d.message().id();
            rendered[0][i] = d.delivery().address();
            rendered[1][i] = d.delivery().language();
            rendered[2][i] = d.delivery().subject();
            segments[i] = d.delivery().segments();
        }
        return tx.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(SETTLE_AND_HAND_OVER)) {
                int p = 1;
                java.sql.Array settled = c.createArrayOf("bigint", settledIds);
                ps.setArray(p++, settled);
                for (String[] column : settledText) {
                    ps.setArray(p++, c.createArrayOf("text", column));
                }
                ps.setArray(p++, c.createArrayOf("boolean", forget));
                ps.setArray(p++, settled);
                ps.setString(p++, owner);
                ps.setTimestamp(p++, Timestamp.from(now));
                ps.setTimestamp(p++, Timestamp.from(sendLeaseUntil));
                java.sql.Array handing = c.createArrayOf("bigint", ids);
                ps.setArray(p++, handing);
                for (String[] column : rendered) {
                    ps.setArray(p++, c.createArrayOf("text", column));
                }
                ps.setArray(p++, c.createArrayOf("int4", segments));
                ps.setArray(p++, handing);
                ps.setString(p++, owner);
                ps.setTimestamp(p, Timestamp.from(now));
                Set<Long> handed = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handed.add(rs.getLong(1));
                    }
                }
                return handed;
            }
        });
    }

    @Override
    public int withdraw(List<Long> ids, String owner, Instant notBefore, String detail, Instant now) {
        return requeue(ids, owner, MessageState.SENDING, notBefore, detail, now);
    }

    /**
     * Queues again the messages this owner holds in state {@code from} (CLAIMED: claimed or decided; SENDING: marked
     * but never given to the provider, so the try is taken back), their places under the cap given back, each with
     * a RETRY step.
     */
    private int requeue(List<Long> ids, String owner, MessageState from, Instant notBefore, String detail,
                        Instant now) {
        if (ids.isEmpty()) {
            return 0;
        }
        return tx.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("WITH back AS (UPDATE message SET state = 'QUEUED', "
                    + "not_before = ?, attempts = attempts - CASE WHEN state = 'SENDING' THEN 1 ELSE 0 END, "
                    + "handed_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = ANY(?::bigint[]) "
                    + "AND lease_owner = ? AND state = ? RETURNING id) INSERT INTO message_step (message_id, at, step, "
                    + "detail) SELECT id, ?, 'RETRY', ? FROM back")) {
                ps.setTimestamp(1, Timestamp.from(notBefore));
                ps.setArray(2, c.createArrayOf("bigint", ids.toArray(Long[]::new)));
                ps.setString(3, owner);
                ps.setString(4, from.name());
                ps.setTimestamp(5, Timestamp.from(now));
                ps.setString(6, detail + "; next try at " + notBefore);
                return ps.executeUpdate();
            }
        });
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
    public int putBack(List<Long> ids, String owner, Instant notBefore, String detail, Instant now) {
        return requeue(ids, owner, MessageState.CLAIMED, notBefore, detail, now);
    }

    /**
     * A leased message's lease: the expression of the lease keeper's index (V3), which only the lease keeper names,
     * so that no statement settling messages by id is planned over it.
     */
    private static final String LEASE = "(CASE WHEN state IN ('CLAIMED', 'SENDING') THEN lease_until END)";

    @Override
    public int recoverLeases(Instant now, Function<Purpose, MessageState> lostSend) {
        return tx.transaction(c -> {
            // A claimed message may have been decided (its place under the cap taken) but never handed over.
            int settled = update(c, "UPDATE message SET state = 'QUEUED', handed_at = NULL, lease_owner = NULL, "
                    + "lease_until = NULL WHERE " + LEASE + " < ? AND state = 'CLAIMED'", now);
            for (Purpose purpose : Purpose.values()) {
                MessageState after = lostSend.apply(purpose);
                settled += switch (after) {
                    case QUEUED -> update(c, "UPDATE message SET state = 'QUEUED', handed_at = NULL, lease_owner = NULL, "
                            + "lease_until = NULL WHERE " + LEASE + " < ? AND state = 'SENDING' AND purpose = ?", now,
                            purpose);
                    case UNKNOWN -> update(c, "UPDATE message SET state = 'UNKNOWN', finished_at = ?, "
                            + "outcome = 'LEASE_EXPIRED', outcome_detail = 'the worker stopped while handing it over; it "
                            + "may or may not have gone', lease_owner = NULL, lease_until = NULL WHERE " + LEASE
                            + " < ? AND state = 'SENDING' AND purpose = ?", now, now, purpose);
                    default -> throw new IllegalArgumentException("a lost send cannot become " + after);
                };
            }
            return settled;
        });
    }

    @Override
    public int release(String ownerPrefix) {
        return tx.transaction(c -> update(c, "UPDATE message SET state = 'QUEUED', handed_at = NULL, lease_owner = NULL, "
                + "lease_until = NULL WHERE " + LEASE + " IS NOT NULL AND starts_with(lease_owner, ?) AND state = 'CLAIMED'",
                ownerPrefix));
    }

    @Override
    public ConsentRecorded recordConsent(UUID memberId, Channel channel, boolean granted, String source, Instant at,
                                         Instant sameSince) {
        return tx.transaction(c -> {
            lockMembers(c, List.of(memberId));
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
            // CLAIMED ones too, decided or not: their worker finds them gone when it comes to decide them (under
            // the same member lock) or to hand them over (handOver wants them CLAIMED); a decided one gives its
            // place under the cap back.
            return new ConsentRecorded(id, update(c, "UPDATE message SET state = 'CANCELLED', finished_at = ?, "
                    + "outcome = 'OPTED_OUT', outcome_detail = ?, handed_at = NULL, lease_owner = NULL, lease_until = NULL "
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
