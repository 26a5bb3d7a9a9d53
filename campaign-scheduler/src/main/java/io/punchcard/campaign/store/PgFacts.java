package io.punchcard.campaign.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.type.TypeReference;

import io.helidon.dbclient.DbClient;

import io.punchcard.api.Json;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.EventPage;
import io.punchcard.campaign.core.FactsFollower;
import io.punchcard.campaign.core.FactsFollower.PageOutcome;
import io.punchcard.campaign.facts.Applied;
import io.punchcard.campaign.facts.FactRules;
import io.punchcard.campaign.facts.FactsBatch;
import io.punchcard.campaign.facts.MemberFacts;
import io.punchcard.campaign.facts.PurchaseFact;
import io.punchcard.campaign.facts.RulePointsFact;
import io.punchcard.campaign.facts.Windows;

/**
 * The read model in PostgreSQL ({@code member_facts}, {@code fact_purchase}, {@code fact_rule_points}) with its
 * feed position ({@code feed_position}, consumer {@value #CONSUMER}). Every change takes the position's row lock
 * first: a page, the daily roll and a rebuild each run alone, so two instances following at once take turns, and
 * the one that waited sees the position moved and applies nothing twice.
 */
public final class PgFacts implements FactsFollower.Store {

    public static final String CONSUMER = "facts";
    /** The feed's start, as the core reads it. */
    public static final String START = "";
    /** Members whose windows one statement of the roll recomputes. */
    static final int ROLL_CHUNK = 500;

    private static final TypeReference<List<LoyaltyEvent.Expiring>> EXPIRING = new TypeReference<>() {
    };
    private static final String MEMBER_COLUMNS = "member_id, status, merged_into, tier, preferred_store, join_store, "
            + "join_channel, joined_at, language, time_zone, birthday, email_consent, sms_consent, referral_code, "
            + "referred_by, core_tags, first_purchase_at, last_purchase_at, purchases, spend_minor, visits_30, "
            + "visits_90, visits_365, spend_30, spend_90, spend_365, windows_on, categories, points_available, "
            + "points_pending, points_debt, points_expiring, updated_at";
    private static final String PURCHASE_COLUMNS = "purchase_id, member_id, occurred_at, day, store, channel, "
            + "total_minor, eligible_minor, refunded_minor, points, categories, history";

    private final Tx tx;
    private final PgFeedPositions positions;
    private final Clock clock;
    private final FactsListener listener;

    public PgFacts(DbClient db, Clock clock, FactsListener listener) {
        this.tx = new Tx(db);
        this.positions = new PgFeedPositions(db);
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public Optional<String> position() {
        return positions.position(CONSUMER);
    }

    /**
     * Applies {@code page}, read after {@code from}, in one transaction with the position and the listener; nothing
     * when the position is no longer {@code from} (another instance took the page first).
     */
    @Override
    public PageOutcome apply(String from, EventPage page, ZoneId programZone) {
        if (page.events().isEmpty()) {
            return new PageOutcome.Taken(List.of());
        }
        return tx.transaction(c -> {
            String at = lockPosition(c);
            String expected = from == null ? START : from;
            if (!at.equals(expected)) {
                return new PageOutcome.Moved(at);
            }
            Instant now = clock.instant();
            FactsBatch batch = load(c, page.events(), programZone, now);
            for (EventPage.FeedEvent entry : page.events()) {
                batch.apply(entry);
            }
            FactsBatch.Plan plan = batch.plan();
            write(c, plan);
            listener.applied(c, plan.applied());
            // The core always says where to go on from; should it not, the last event's position is the same place.
            String next = page.next() != null ? page.next() : page.events().getLast().position();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE feed_position SET position = ?, updated_at = ? "
                    + "WHERE consumer = ?"), next, now, CONSUMER)) {
                ps.executeUpdate();
            }
            return new PageOutcome.Taken(plan.applied());
        });
    }

    /**
     * Moves every member's windows forward to {@code today}, recomputing them from their purchases only for members
     * with a purchase day leaving a window; the others' windows keep their counts. Idempotent; on two instances at
     * once the second finds nothing left.
     *
     * @return how many members' windows were recomputed
     */
    @Override
    public int roll(LocalDate today) {
        return tx.transaction(c -> {
            lockPosition(c);
            List<UUID> leaving = new ArrayList<>();
            // A day leaves window w when it was in it (day > on - w) and no longer is (day <= today - w); w >= 30.
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT DISTINCT f.member_id FROM member_facts f "
                    + "JOIN fact_purchase p ON p.member_id = f.member_id WHERE f.windows_on < ? "
                    + "AND p.day > f.windows_on - " + Windows.WIDEST_DAYS + " AND p.day <= ?"),
                    today, today.minusDays(30));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leaving.add(rs.getObject(1, UUID.class));
                }
            }
            for (int i = 0; i < leaving.size(); i += ROLL_CHUNK) {
                List<UUID> chunk = leaving.subList(i, Math.min(leaving.size(), i + ROLL_CHUNK));
                Map<UUID, List<PurchaseFact>> theirs = new HashMap<>();
                chunk.forEach(m -> theirs.put(m, new ArrayList<>()));
                try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT " + PURCHASE_COLUMNS + " FROM fact_purchase "
                        + "WHERE member_id = ANY(?) AND day > ?"), uuids(c, chunk),
                        today.minusDays(Windows.WIDEST_DAYS));
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PurchaseFact p = purchase(rs);
                        theirs.get(p.memberId()).add(p);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE member_facts SET windows_on = ?, visits_30 = ?, "
                        + "visits_90 = ?, visits_365 = ?, spend_30 = ?, spend_90 = ?, spend_365 = ? WHERE member_id = ?")) {
                    for (Map.Entry<UUID, List<PurchaseFact>> e : theirs.entrySet()) {
                        Windows w = Windows.of(e.getValue(), today);
                        Tx.bind(ps, w.on(), w.visits30(), w.visits90(), w.visits365(), w.spend30(), w.spend90(),
                                w.spend365(), e.getKey()).addBatch();
                    }
                    ps.executeBatch();
                }
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE member_facts SET windows_on = ? "
                    + "WHERE windows_on < ?"), today, today)) {
                ps.executeUpdate();
            }
            return leaving.size();
        });
    }

    /**
     * Forgets every fact and sets the position back to the feed's start, in one transaction: the follower then
     * reads the whole feed again and ends with the same facts. Tags set in the scheduler ({@code member_tag}) are
     * not facts of the feed and stay.
     */
    public void rebuild() {
        tx.transaction(c -> {
            lockPosition(c);
            try (PreparedStatement truncate = c.prepareStatement("TRUNCATE member_facts, fact_purchase, fact_rule_points");
                 PreparedStatement reset = Tx.bind(c.prepareStatement("UPDATE feed_position SET position = ?, "
                         + "updated_at = ? WHERE consumer = ?"), START, clock.instant(), CONSUMER)) {
                truncate.executeUpdate();
                return reset.executeUpdate();
            }
        });
    }

    /** The member's facts, when the feed has named them. */
    public Optional<MemberFacts> find(UUID memberId) {
        return tx.read(c -> members(c, List.of(memberId)).stream().findFirst());
    }

    /** Whether the feed has reported a purchase of {@code memberId} at one of {@code stores}. */
    public boolean boughtAt(UUID memberId, List<String> stores) {
        return !stores.isEmpty() && tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM fact_purchase "
                    + "WHERE member_id = ? AND store = ANY(?))")) {
                ps.setObject(1, memberId);
                ps.setArray(2, c.createArrayOf("text", stores.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    /** Takes the position's row lock (making the row at the start if there is none) and reads it. */
    private static String lockPosition(Connection c) throws SQLException {
        try (PreparedStatement insert = Tx.bind(c.prepareStatement("INSERT INTO feed_position (consumer, position, "
                + "updated_at) VALUES (?, ?, now()) ON CONFLICT (consumer) DO NOTHING"), CONSUMER, START);
             PreparedStatement lock = Tx.bind(c.prepareStatement("SELECT position FROM feed_position WHERE consumer = ? "
                     + "FOR UPDATE"), CONSUMER)) {
            insert.executeUpdate();
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The rows the page's events touch: its members, their purchases of the last year, the purchases it names. */
    private static FactsBatch load(Connection c, List<EventPage.FeedEvent> events, ZoneId programZone, Instant now)
            throws SQLException {
        Set<UUID> members = new LinkedHashSet<>();
        Set<UUID> purchases = new LinkedHashSet<>();
        for (EventPage.FeedEvent entry : events) {
            uuid(entry.memberId()).ifPresent(members::add);
            LoyaltyEvent event;
            try {
                event = entry.event();
            } catch (IllegalArgumentException e) {
                continue;
            }
            switch (event) {
                case LoyaltyEvent.MemberMerged m when m.duplicate() != null -> members.add(m.duplicate());
                case LoyaltyEvent.PurchaseRecorded p when p.purchaseId() != null -> purchases.add(p.purchaseId());
                case LoyaltyEvent.RefundRecorded r when r.purchaseId() != null -> purchases.add(r.purchaseId());
                default -> {
                }
            }
        }
        List<MemberFacts> known = members(c, members);
        // A purchase of a merged-away member counts for its survivor, who must be at hand too.
        List<MemberFacts> survivors = known;
        for (int hop = 0; hop < FactRules.MAX_MERGE_HOPS; hop++) {
            Set<UUID> more = new LinkedHashSet<>();
            survivors.stream().filter(m -> m.status() == MemberFacts.Status.MERGED && m.mergedInto() != null
                    && !members.contains(m.mergedInto())).forEach(m -> more.add(m.mergedInto()));
            if (more.isEmpty()) {
                break;
            }
            members.addAll(more);
            survivors = members(c, more);
            known = new ArrayList<>(known);
            known.addAll(survivors);
        }
        // Two days more than a year: a member's today may be a day ahead of UTC's, and a day is never split.
        LocalDate since = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).minusDays(Windows.WIDEST_DAYS + 2L);
        List<PurchaseFact> theirs = new ArrayList<>();
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT " + PURCHASE_COLUMNS + " FROM fact_purchase "
                + "WHERE purchase_id = ANY(?) OR (member_id = ANY(?) AND day >= ?)"), uuids(c, purchases),
                uuids(c, members), since);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                theirs.add(purchase(rs));
            }
        }
        return new FactsBatch(known, theirs, programZone, now);
    }

    private static void write(Connection c, FactsBatch.Plan plan) throws SQLException {
        for (FactsBatch.Step step : plan.steps()) {
            switch (step) {
                case FactsBatch.Step.MoveRows move -> {
                    for (String table : List.of("fact_purchase", "fact_rule_points")) {
                        try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE " + table
                                + " SET member_id = ? WHERE member_id = ?"), move.to(), move.from())) {
                            ps.executeUpdate();
                        }
                    }
                }
                case FactsBatch.Step.Forget forget -> {
                    // member_tag is the segments' table; an erased member's tags go with the rest of them.
                    for (String table : List.of("member_facts", "fact_purchase", "fact_rule_points", "member_tag")) {
                        try (PreparedStatement ps = Tx.bind(c.prepareStatement("DELETE FROM " + table
                                + " WHERE member_id = ?"), forget.memberId())) {
                            ps.executeUpdate();
                        }
                    }
                }
            }
        }
        writePurchases(c, plan.purchases());
        writeRulePoints(c, plan.rulePoints());
        writeMembers(c, plan.members());
    }

    private static void writePurchases(Connection c, List<PurchaseFact> purchases) throws SQLException {
        if (purchases.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fact_purchase (" + PURCHASE_COLUMNS + ") VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (purchase_id) DO UPDATE SET "
                + "member_id = excluded.member_id, refunded_minor = excluded.refunded_minor")) {
            for (PurchaseFact p : purchases) {
                Tx.bind(ps, p.purchaseId(), p.memberId(), p.occurredAt(), p.day(), p.store(), p.channel(), p.totalMinor(),
                        p.eligibleMinor(), p.refundedMinor(), p.points(), texts(c, p.categories()), p.history()).addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeRulePoints(Connection c, List<RulePointsFact> rulePoints) throws SQLException {
        if (rulePoints.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO fact_rule_points (purchase_id, rule, campaign, "
                + "member_id, points, at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (purchase_id, rule) DO UPDATE SET "
                + "member_id = excluded.member_id")) {
            for (RulePointsFact r : rulePoints) {
                Tx.bind(ps, r.purchaseId(), r.rule(), r.campaign(), r.memberId(), r.points(), r.at()).addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void writeMembers(Connection c, List<MemberFacts> members) throws SQLException {
        if (members.isEmpty()) {
            return;
        }
        String[] columns = MEMBER_COLUMNS.split(", ");
        StringBuilder update = new StringBuilder();
        for (String column : columns) {
            if (!column.equals("member_id")) {
                update.append(update.isEmpty() ? "" : ", ").append(column).append(" = excluded.").append(column);
            }
        }
        List<String> marks = new ArrayList<>(java.util.Collections.nCopies(columns.length, "?"));
        marks.set(Arrays.asList(columns).indexOf("points_expiring"), "?::jsonb");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_facts (" + MEMBER_COLUMNS + ") VALUES ("
                + String.join(", ", marks) + ") ON CONFLICT (member_id) DO UPDATE SET " + update)) {
            for (MemberFacts m : members) {
                Windows w = m.windows();
                Tx.bind(ps, m.memberId(), m.status(), m.mergedInto(), m.tier(), m.preferredStore(), m.joinStore(),
                        m.joinChannel(), m.joinedAt(), m.language(), m.timeZone(), m.birthday(), m.emailConsent(),
                        m.smsConsent(), m.referralCode(), m.referredBy(), texts(c, m.coreTags()), m.firstPurchaseAt(),
                        m.lastPurchaseAt(), m.purchases(), m.spendMinor(), w.visits30(), w.visits90(), w.visits365(),
                        w.spend30(), w.spend90(), w.spend365(), w.on(), texts(c, m.categories()), m.pointsAvailable(),
                        m.pointsPending(), m.pointsDebt(), Json.write(m.pointsExpiring()), m.updatedAt()).addBatch();
            }
            ps.executeBatch();
        }
    }

    private static List<MemberFacts> members(Connection c, Collection<UUID> ids) throws SQLException {
        List<MemberFacts> found = new ArrayList<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT " + MEMBER_COLUMNS + " FROM member_facts "
                + "WHERE member_id = ANY(?)"), uuids(c, ids));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(new MemberFacts(rs.getObject("member_id", UUID.class),
                        MemberFacts.Status.valueOf(rs.getString("status")), rs.getObject("merged_into", UUID.class),
                        rs.getString("tier"), rs.getString("preferred_store"), rs.getString("join_store"),
                        rs.getString("join_channel"), Tx.instant(rs.getTimestamp("joined_at")), rs.getString("language"),
                        rs.getString("time_zone"), rs.getObject("birthday", LocalDate.class),
                        rs.getBoolean("email_consent"), rs.getBoolean("sms_consent"), rs.getString("referral_code"),
                        rs.getObject("referred_by", UUID.class), texts(rs.getArray("core_tags")),
                        Tx.instant(rs.getTimestamp("first_purchase_at")), Tx.instant(rs.getTimestamp("last_purchase_at")),
                        rs.getInt("purchases"), rs.getLong("spend_minor"),
                        new Windows(rs.getObject("windows_on", LocalDate.class), rs.getInt("visits_30"),
                                rs.getInt("visits_90"), rs.getInt("visits_365"), rs.getLong("spend_30"),
                                rs.getLong("spend_90"), rs.getLong("spend_365")),
                        texts(rs.getArray("categories")), rs.getLong("points_available"), rs.getLong("points_pending"),
                        rs.getLong("points_debt"), Json.read(rs.getString("points_expiring"), EXPIRING),
                        Tx.instant(rs.getTimestamp("updated_at"))));
            }
        }
        return found;
    }

    private static PurchaseFact purchase(ResultSet rs) throws SQLException {
        return new PurchaseFact(rs.getObject("purchase_id", UUID.class), rs.getObject("member_id", UUID.class),
                Tx.instant(rs.getTimestamp("occurred_at")), rs.getObject("day", LocalDate.class), rs.getString("store"),
                rs.getString("channel"), rs.getLong("total_minor"), rs.getLong("eligible_minor"),
                rs.getLong("refunded_minor"), rs.getLong("points"), texts(rs.getArray("categories")),
                rs.getBoolean("history"));
    }

    private static Array uuids(Connection c, Collection<UUID> ids) throws SQLException {
        return c.createArrayOf("uuid", ids.toArray());
    }

    private static Array texts(Connection c, List<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
