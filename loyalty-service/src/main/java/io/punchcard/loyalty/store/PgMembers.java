package io.punchcard.loyalty.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.event.MemberEvents;
import io.punchcard.loyalty.member.Codes;
import io.punchcard.loyalty.member.Enrollment;
import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.loyalty.member.Ids;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.MemberChanges;
import io.punchcard.loyalty.member.Members;
import io.punchcard.loyalty.program.Programs;

/** Members in PostgreSQL: the {@code member}, {@code member_identifier} and {@code member_consent} tables. */
public final class PgMembers implements Members {

    static final String MEMBER_COLUMNS = """
            id, status, merged_into, given_name, family_name, birthday, language, preferred_store, join_channel,
            join_store, referral_code, referred_by, tags, tier_code, tier_since, points_debt, created_at, updated_at""";

    private final Jdbc jdbc;
    private final Programs programs;
    private final Clock clock;
    private final Outbox outbox;

    public PgMembers(Jdbc jdbc, Programs programs, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.clock = clock;
        this.outbox = outbox;
    }

    @Override
    public Enrolled enroll(Enrollment enrollment) {
        Instant now = clock.instant();
        UUID id = Ids.next(clock);
        List<Identifier> identifiers = new ArrayList<>(enrollment.identifiers());
        identifiers.add(new Identifier(IdentifierKind.QR, Codes.qrToken()));
        String baseTier = programs.current().program().tiers().base().code();
        try {
            return jdbc.transaction(c -> {
                UUID referrer = null;
                if (enrollment.referrerCode() != null) {
                    referrer = referrer(c, enrollment.referrerCode());
                    if (referrer == null) {
                        return new UnknownReferrer(enrollment.referrerCode());
                    }
                }
                Optional<IdentifierKind> taken = taken(c, identifiers, null);
                if (taken.isPresent()) {
                    return new IdentifierTaken(taken.get());
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO member (id, status, given_name, family_name, birthday, language, preferred_store,
                            join_channel, join_store, referral_code, referred_by, tags, tier_code, tier_since,
                            created_at, updated_at)
                        VALUES (?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    Jdbc.bind(ps, id, enrollment.givenName(), enrollment.familyName(),
                            enrollment.birthday() == null ? null : Date.valueOf(enrollment.birthday()),
                            enrollment.language(), enrollment.preferredStore(), enrollment.joinChannel().name(),
                            enrollment.joinStore(), Codes.referralCode(), referrer,
                            c.createArrayOf("text", enrollment.tags().toArray()), baseTier, now, now, now);
                    ps.executeUpdate();
                }
                insertIdentifiers(c, id, identifiers, now);
                insertConsents(c, id, enrollment.consents());
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO tier_change (member_id, from_tier, to_tier, at, reason) VALUES (?, NULL, ?, ?, 'joined')""")) {
                    Jdbc.bind(ps, id, baseTier, now).executeUpdate();
                }
                Member member = load(c, id).orElseThrow();
                outbox.append(c, Event.of(id, new LoyaltyEvent.MemberJoined(
                        MemberEvents.facts(member, programs.current().program())), now));
                return new Joined(member);
            });
        } catch (Jdbc.StoreException e) {
            // Two enrolments raced for one identifier (or, once in 2^40, a referral code): the loser looks again.
            if (e.getCause() instanceof SQLException sql && Jdbc.uniqueViolation(sql)) {
                return jdbc.read(c -> taken(c, identifiers, null).<Enrolled>map(IdentifierTaken::new)
                        .orElseThrow(() -> e));
            }
            throw e;
        }
    }

    @Override
    public Optional<Member> get(UUID id) {
        return jdbc.read(c -> load(c, id));
    }

    @Override
    public Optional<Member> find(Identifier identifier) {
        return jdbc.read(c -> {
            UUID id = memberIdOf(c, identifier);
            return id == null ? Optional.empty() : load(c, id);
        });
    }

    /** The active member holding {@code identifier}, or null. */
    static UUID memberIdOf(Connection c, Identifier identifier) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT member_id FROM member_identifier WHERE kind = ? AND value = ? AND active")) {
            try (ResultSet rs = Jdbc.bind(ps, identifier.kind().name(), identifier.value()).executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    @Override
    public Updated update(UUID id, MemberChanges changes, Actor by) {
        Instant now = clock.instant();
        try {
            return jdbc.transaction(c -> {
                if (!lockActive(c, id)) {
                    return new NotFound(id);
                }
                Optional<IdentifierKind> taken = taken(c, changes.identifiers(), id);
                if (taken.isPresent()) {
                    return new IdentifierTaken(taken.get());
                }
                Member before = load(c, id).orElseThrow();
                List<IdentifierKind> replaced = new ArrayList<>(changes.removed());
                changes.identifiers().forEach(i -> replaced.add(i.kind()));
                for (IdentifierKind kind : replaced) {
                    try (PreparedStatement ps = c.prepareStatement("""
                            UPDATE member_identifier SET active = false, retired_at = ?
                            WHERE member_id = ? AND kind = ? AND active""")) {
                        Jdbc.bind(ps, now, id, kind.name()).executeUpdate();
                    }
                }
                insertIdentifiers(c, id, changes.identifiers(), now);
                Map<Member.ConsentChannel, Member.ConsentState> consentsBefore = changes.consents().isEmpty()
                        ? Map.of() : consents(c, List.of(id)).getOrDefault(id, Map.of());
                insertConsents(c, id, changes.consents());
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE member SET
                            given_name = CASE WHEN ? THEN ? ELSE given_name END,
                            family_name = CASE WHEN ? THEN ? ELSE family_name END,
                            birthday = CASE WHEN ? THEN ? ELSE birthday END,
                            language = CASE WHEN ? THEN ? ELSE language END,
                            preferred_store = CASE WHEN ? THEN ? ELSE preferred_store END,
                            tags = CASE WHEN ? THEN ? ELSE tags END,
                            updated_at = ?
                        WHERE id = ?""")) {
                    Jdbc.bind(ps,
                            changes.givenName().isPresent(), blankToNull(changes.givenName()),
                            changes.familyName().isPresent(), blankToNull(changes.familyName()),
                            changes.birthday().isPresent(), changes.birthday().map(Date::valueOf).orElse(null),
                            changes.language().isPresent(), blankToNull(changes.language()),
                            changes.preferredStore().isPresent(), blankToNull(changes.preferredStore()),
                            changes.tags().isPresent(),
                            c.createArrayOf("text", changes.tags().orElse(List.of()).toArray()),
                            now, id).executeUpdate();
                }
                Member member = load(c, id).orElseThrow();
                // Without consents in the request, none changed: the ones in force stand for the ones before.
                outbox.append(c, MemberEvents.updated(changes.consents().isEmpty() ? member.consents() : consentsBefore,
                        member, changes, programs.current().program()).stream()
                        .map(e -> Event.of(id, e, now)).toArray(Event[]::new));
                AuditRows.insert(c, new Audit.Change(by, "member.update", "member:" + id, before, member), now);
                return new Changed(member);
            });
        } catch (Jdbc.StoreException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.uniqueViolation(sql)) {
                return jdbc.read(c -> taken(c, changes.identifiers(), id).<Updated>map(IdentifierTaken::new)
                        .orElseThrow(() -> e));
            }
            throw e;
        }
    }

    private static String blankToNull(Optional<String> value) {
        return value.filter(v -> !v.isBlank()).orElse(null);
    }

    /** Locks an active member's row for the rest of the transaction; false when there is no such member. */
    static boolean lockActive(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM member WHERE id = ? AND status = 'ACTIVE' FOR UPDATE")) {
            try (ResultSet rs = Jdbc.bind(ps, id).executeQuery()) {
                return rs.next();
            }
        }
    }

    private static UUID referrer(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM member WHERE referral_code = ? AND status = 'ACTIVE'")) {
            try (ResultSet rs = Jdbc.bind(ps, code.toUpperCase(java.util.Locale.ROOT)).executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    /** The first of {@code identifiers} that an active member other than {@code owner} holds. */
    private static Optional<IdentifierKind> taken(Connection c, List<Identifier> identifiers, UUID owner)
            throws SQLException {
        for (Identifier identifier : identifiers) {
            UUID holder = memberIdOf(c, identifier);
            if (holder != null && !holder.equals(owner)) {
                return Optional.of(identifier.kind());
            }
        }
        return Optional.empty();
    }

    private static void insertIdentifiers(Connection c, UUID id, List<Identifier> identifiers, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO member_identifier (member_id, kind, value, created_at) VALUES (?, ?, ?, ?)")) {
            for (Identifier identifier : identifiers) {
                Jdbc.bind(ps, id, identifier.kind().name(), identifier.value(), now).addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertConsents(Connection c, UUID id, Map<Member.ConsentChannel, Member.ConsentState> consents)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO member_consent (member_id, channel, granted, at, source, text) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (var entry : consents.entrySet()) {
                Member.ConsentState consent = entry.getValue();
                Jdbc.bind(ps, id, entry.getKey().name(), consent.granted(), consent.at(), consent.source(),
                        consent.text()).addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Reads a member with identifiers and consents in force. */
    static Optional<Member> load(Connection c, UUID id) throws SQLException {
        return Optional.ofNullable(loadAll(c, List.of(id)).get(id));
    }

    /**
     * Reads the members with {@code ids}, whatever their status, with identifiers and consents in force: three
     * statements however many ids, the same three a single member costs. Ids no member has are not in the map.
     */
    static Map<UUID, Member> loadAll(Connection c, Collection<UUID> ids) throws SQLException {
        Map<UUID, Member> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Map<UUID, List<Identifier>> identifiers = identifiers(c, ids);
        Map<UUID, Map<Member.ConsentChannel, Member.ConsentState>> consents = consents(c, ids);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + MEMBER_COLUMNS + " FROM member WHERE "
                + Jdbc.idsIn("id", ids))) {
            ps.setObject(1, Jdbc.ids(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject("id", UUID.class);
                    found.put(id, member(rs, identifiers.getOrDefault(id, List.of()),
                            consents.getOrDefault(id, new EnumMap<>(Member.ConsentChannel.class))));
                }
            }
        }
        return found;
    }

    /** The identifiers in force of each of {@code ids} that has any, in the order they were added. */
    static Map<UUID, List<Identifier>> identifiers(Connection c, Collection<UUID> ids) throws SQLException {
        Map<UUID, List<Identifier>> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT member_id, kind, value FROM member_identifier WHERE "
                + Jdbc.idsIn("member_id", ids) + " AND active ORDER BY id")) {
            ps.setObject(1, Jdbc.ids(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Identifier(IdentifierKind.valueOf(rs.getString(2)), rs.getString(3)));
                }
            }
        }
        return found;
    }

    /** The consent in force per channel (the latest given) of each of {@code ids} that has any. */
    static Map<UUID, Map<Member.ConsentChannel, Member.ConsentState>> consents(Connection c, Collection<UUID> ids)
            throws SQLException {
        Map<UUID, Map<Member.ConsentChannel, Member.ConsentState>> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT ON (member_id, channel) member_id, channel, granted, source, at, text FROM member_consent
                WHERE %s ORDER BY member_id, channel, id DESC""".formatted(Jdbc.idsIn("member_id", ids)))) {
            ps.setObject(1, Jdbc.ids(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.computeIfAbsent(rs.getObject(1, UUID.class), k -> new EnumMap<>(Member.ConsentChannel.class))
                            .put(Member.ConsentChannel.valueOf(rs.getString(2)), new Member.ConsentState(
                                    rs.getBoolean(3), rs.getString(4), Jdbc.instant(rs.getTimestamp(5)), rs.getString(6)));
                }
            }
        }
        return found;
    }

    /** The member on the current row of {@code rs}, which selected {@link #MEMBER_COLUMNS}. */
    static Member member(ResultSet rs, List<Identifier> identifiers,
                         Map<Member.ConsentChannel, Member.ConsentState> consents) throws SQLException {
        Array tags = rs.getArray("tags");
        Date birthday = rs.getDate("birthday");
        return new Member(
                rs.getObject("id", UUID.class),
                Member.Status.valueOf(rs.getString("status")),
                rs.getObject("merged_into", UUID.class),
                rs.getString("given_name"),
                rs.getString("family_name"),
                birthday == null ? null : birthday.toLocalDate(),
                rs.getString("language"),
                rs.getString("preferred_store"),
                rs.getString("join_channel"),
                rs.getString("join_store"),
                rs.getString("referral_code"),
                rs.getObject("referred_by", UUID.class),
                tags == null ? List.of() : Arrays.asList((String[]) tags.getArray()),
                identifiers,
                consents,
                rs.getString("tier_code"),
                Jdbc.instant(rs.getTimestamp("tier_since")),
                rs.getLong("points_debt"),
                Jdbc.instant(rs.getTimestamp("created_at")),
                Jdbc.instant(rs.getTimestamp("updated_at")));
    }
}
