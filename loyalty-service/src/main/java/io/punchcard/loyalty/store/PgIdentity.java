package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.event.MemberEvents;
import io.punchcard.loyalty.member.Enrollment;
import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.loyalty.member.Identity;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.Members;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.TierLadder;

/** Identity resolution, merges and GDPR requests over PostgreSQL. */
public final class PgIdentity implements Identity {

    private final Jdbc jdbc;
    private final PgMembers members;
    private final Programs programs;
    private final Clock clock;
    private final Outbox outbox;

    public PgIdentity(Jdbc jdbc, PgMembers members, Programs programs, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.members = members;
        this.programs = programs;
        this.clock = clock;
        this.outbox = outbox;
    }

    @Override
    public Resolved resolve(Customer customer) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Resolved> resolved = tryResolve(customer);
            if (resolved.isPresent()) {
                return resolved.get();
            }
        }
        throw new IllegalStateException("Could not resolve a customer three times running: identifiers keep changing");
    }

    /** One attempt; empty when a concurrent change got in the way and it should be tried again. */
    private Optional<Resolved> tryResolve(Customer customer) {
        Optional<UUID> byExternal = jdbc.read(c -> Optional.ofNullable(PgMembers.memberIdOf(c, customer.externalId())));
        if (byExternal.isPresent()) {
            return Optional.of(new Matched(byExternal.get(), "EXTERNAL_ID"));
        }
        UUID byEmail = customer.email() == null ? null : jdbc.read(c -> PgMembers.memberIdOf(c, customer.email()));
        UUID byPhone = customer.phone() == null ? null : jdbc.read(c -> PgMembers.memberIdOf(c, customer.phone()));
        if (byEmail != null && byPhone != null && !byEmail.equals(byPhone)) {
            suspect(byEmail, byPhone, "customer " + customer.externalId().value()
                    + ": e-mail names one member, phone another");
            return Optional.of(new Ambiguous(byEmail, byPhone));
        }
        UUID match = byEmail != null ? byEmail : byPhone;
        if (match != null) {
            String by = byEmail != null ? "EMAIL" : "PHONE";
            return link(match, customer.externalId()) ? Optional.of(new Matched(match, by)) : Optional.empty();
        }
        List<Identifier> identifiers = new ArrayList<>();
        identifiers.add(customer.externalId());
        if (customer.email() != null) {
            identifiers.add(customer.email());
        }
        if (customer.phone() != null) {
            identifiers.add(customer.phone());
        }
        Members.Enrolled enrolled = members.enroll(new Enrollment(customer.givenName(), customer.familyName(),
                identifiers, null, null, null, customer.joinChannel(), customer.joinStore(), List.of(),
                customer.consents(), null));
        return switch (enrolled) {
            case Members.Joined joined -> Optional.of(new Enrolled(joined.member()));
            // Someone took one of the identifiers since we looked: look again.
            case Members.IdentifierTaken taken -> Optional.empty();
            case Members.UnknownReferrer unknown -> throw new IllegalStateException("no referrer was given");
        };
    }

    /** Links an external id to a member; false when another member took it meanwhile. */
    private boolean link(UUID memberId, Identifier externalId) {
        try {
            return jdbc.transaction(c -> {
                if (!PgMembers.lockActive(c, memberId)) {
                    return false;
                }
                Instant now = clock.instant();
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO member_identifier (member_id, kind, value, created_at) VALUES (?, ?, ?, ?)")) {
                    Jdbc.bind(ps, memberId, externalId.kind().name(), externalId.value(), now).executeUpdate();
                }
                // The feed says what kind of identifier was linked, never its value.
                outbox.append(c, updated(c, memberId, now));
                return true;
            });
        } catch (Jdbc.StoreException e) {
            if (e.getCause() instanceof SQLException sql && Jdbc.uniqueViolation(sql)) {
                return false;
            }
            throw e;
        }
    }

    private void suspect(UUID one, UUID other, String reason) {
        UUID a = one.compareTo(other) < 0 ? one : other;
        UUID b = a.equals(one) ? other : one;
        jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO suspected_duplicate (member_a, member_b, reason, detected_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                Jdbc.bind(ps, a, b, reason, clock.instant()).executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Suspect> suspects() {
        return jdbc.read(c -> {
            List<Suspect> list = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, member_a, member_b, reason, detected_at FROM suspected_duplicate
                    WHERE resolved_at IS NULL ORDER BY id LIMIT 1000""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Suspect(rs.getLong(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                            rs.getString(4), Jdbc.instant(rs.getTimestamp(5))));
                }
            }
            return list;
        });
    }

    @Override
    public Merged merge(UUID survivor, UUID duplicate, String actor, String reason, Actor by) {
        if (survivor.equals(duplicate)) {
            return new MergeRefused("duplicateId", "a member cannot be merged into themselves");
        }
        TierLadder ladder = programs.current().program().tiers();
        return jdbc.transaction(c -> {
            // Both rows locked, lower id first, so two merges of the same pair cannot deadlock.
            UUID first = survivor.compareTo(duplicate) < 0 ? survivor : duplicate;
            UUID second = first.equals(survivor) ? duplicate : survivor;
            PgPurchases.Member lockedFirst = PgPurchases.lock(c, first);
            PgPurchases.Member lockedSecond = PgPurchases.lock(c, second);
            PgPurchases.Member keep = first.equals(survivor) ? lockedFirst : lockedSecond;
            PgPurchases.Member gone = first.equals(survivor) ? lockedSecond : lockedFirst;
            if (keep == null) {
                return new MergeRefused("id", "there is no active member " + survivor);
            }
            if (gone == null) {
                return new MergeRefused("duplicateId", "there is no active member " + duplicate);
            }
            Instant now = clock.instant();
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("survivor", PgMembers.load(c, survivor).orElseThrow());
            before.put("duplicate", PgMembers.load(c, duplicate).orElseThrow());
            long moved = ledgerSum(c, duplicate);
            update(c, "UPDATE points_lot SET member_id = ? WHERE member_id = ?", survivor, duplicate);
            update(c, "UPDATE purchase SET member_id = ? WHERE member_id = ?", survivor, duplicate);
            update(c, "UPDATE voucher SET member_id = ? WHERE member_id = ?", survivor, duplicate);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE member SET points_debt = points_debt + ?, updated_at = ? WHERE id = ?")) {
                Jdbc.bind(ps, gone.pointsDebt(), now, survivor).executeUpdate();
            }
            // The ledger is append-only: the points move by a MERGE entry on each side.
            if (moved != 0) {
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO points_entry (member_id, kind, points, reason, actor, at) VALUES (?, 'MERGE', ?, ?, ?, ?)""")) {
                    Jdbc.bind(ps, duplicate, -moved, "merged into " + survivor, actor, now).addBatch();
                    Jdbc.bind(ps, survivor, moved, "merged from " + duplicate, actor, now).addBatch();
                    ps.executeBatch();
                }
            }
            moveIdentifiers(c, survivor, duplicate, now);
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE member SET status = 'MERGED', merged_into = ?, points_debt = 0, updated_at = ? WHERE id = ?""")) {
                Jdbc.bind(ps, survivor, now, duplicate).executeUpdate();
            }
            // The duplicate's points are the survivor's now: a kiosk acting for the duplicate acts for no one.
            update(c, "DELETE FROM kiosk_session WHERE member_id = ?", duplicate);
            List<Event> events = new ArrayList<>();
            if (ladder.rank(ladder.byCode(gone.tierCode())) > ladder.rank(ladder.byCode(keep.tierCode()))) {
                PgPurchases.changeTier(c, survivor, keep.tierCode(), gone.tierCode(), "merged from " + duplicate, now);
                events.add(Event.of(survivor, new LoyaltyEvent.TierChanged(keep.tierCode(), gone.tierCode(), "merge"), now));
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE suspected_duplicate SET resolved_at = ?
                    WHERE resolved_at IS NULL AND member_a = least(?::uuid, ?::uuid) AND member_b = greatest(?::uuid, ?::uuid)""")) {
                Jdbc.bind(ps, now, survivor, duplicate, survivor, duplicate).executeUpdate();
            }
            // One event, on the survivor: the duplicate's facts are gone, and a follower marks it merged from it.
            Member merged = PgMembers.load(c, survivor).orElseThrow();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("survivor", merged);
            after.put("duplicate", duplicate.toString());
            after.put("points", moved);
            after.put("reason", reason);
            after.put("actor", actor);
            AuditRows.insert(c, new Audit.Change(by, "member.merge", "member:" + survivor, before, after), now);
            events.add(Event.of(survivor, new LoyaltyEvent.MemberMerged(duplicate, moved,
                    MemberEvents.facts(merged, programs.current().program())), now));
            outbox.append(c, events.toArray(Event[]::new));
            return new MergeDone(merged);
        });
    }

    /** The duplicate's identifiers retire; the survivor takes its external ids, and kinds it has none of. */
    private static void moveIdentifiers(Connection c, UUID survivor, UUID duplicate, Instant now) throws SQLException {
        List<Identifier> theirs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind, value FROM member_identifier WHERE member_id = ? AND active")) {
            try (ResultSet rs = Jdbc.bind(ps, duplicate).executeQuery()) {
                while (rs.next()) {
                    theirs.add(new Identifier(IdentifierKind.valueOf(rs.getString(1)), rs.getString(2)));
                }
            }
        }
        List<String> ours = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT kind FROM member_identifier WHERE member_id = ? AND active")) {
            try (ResultSet rs = Jdbc.bind(ps, survivor).executeQuery()) {
                while (rs.next()) {
                    ours.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE member_identifier SET active = false, retired_at = ? WHERE member_id = ? AND active")) {
            Jdbc.bind(ps, now, duplicate).executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO member_identifier (member_id, kind, value, created_at) VALUES (?, ?, ?, ?)")) {
            for (Identifier identifier : theirs) {
                boolean take = identifier.kind() == IdentifierKind.EXTERNAL
                        || (identifier.kind() != IdentifierKind.QR && !ours.contains(identifier.kind().name()));
                if (take) {
                    Jdbc.bind(ps, survivor, identifier.kind().name(), identifier.value(), now).addBatch();
                }
            }
            ps.executeBatch();
        }
    }

    @Override
    public Optional<String> export(UUID memberId) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT json_build_object(
                      'member', (SELECT row_to_json(m) FROM member m WHERE m.id = $1),
                      'identifiers', (SELECT coalesce(json_agg(i ORDER BY i.id), '[]') FROM member_identifier i WHERE i.member_id = $1),
                      'consents', (SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM member_consent x WHERE x.member_id = $1),
                      'tierChanges', (SELECT coalesce(json_agg(t ORDER BY t.id), '[]') FROM tier_change t WHERE t.member_id = $1),
                      'purchases', (SELECT coalesce(json_agg(p ORDER BY p.occurred_at), '[]') FROM purchase p WHERE p.member_id = $1),
                      'refunds', (SELECT coalesce(json_agg(r ORDER BY r.recorded_at), '[]') FROM refund r
                                  JOIN purchase p ON p.id = r.purchase_id WHERE p.member_id = $1),
                      'ledger', (SELECT coalesce(json_agg(e ORDER BY e.id), '[]') FROM points_entry e WHERE e.member_id = $1),
                      'lots', (SELECT coalesce(json_agg(l ORDER BY l.id), '[]') FROM points_lot l WHERE l.member_id = $1),
                      'vouchers', (SELECT coalesce(json_agg(v ORDER BY v.issued_at), '[]') FROM voucher v WHERE v.member_id = $1),
                      'redemptions', (SELECT coalesce(json_agg(d ORDER BY d.at), '[]') FROM redemption d WHERE d.member_id = $1)
                    )::text WHERE EXISTS (SELECT 1 FROM member WHERE id = $1)""".replace("$1", "?::uuid"))) {
                for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                    ps.setObject(i, memberId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** The member the parameter names and those merged into them, ever: one person's member rows. */
    private static final String PERSON = """
                WITH RECURSIVE person(id, depth) AS (
                    SELECT ?::uuid, 0
                    UNION ALL
                    SELECT m.id, person.depth + 1 FROM member m JOIN person ON m.merged_into = person.id
                    WHERE m.status = 'MERGED' AND person.depth < 100)
                """;

    @Override
    public boolean erase(UUID memberId, String actor, String reason, Actor by) {
        return jdbc.transaction(c -> PgPurchases.lock(c, memberId) != null
                && eraseLocked(c, memberId, actor, reason, by, clock.instant()));
    }

    /** Erases a member already locked in {@code c}'s transaction. */
    private boolean eraseLocked(Connection c, UUID memberId, String actor, String reason, Actor by, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE member SET status = 'ERASED', given_name = NULL, family_name = NULL, birthday = NULL,
                    language = NULL, preferred_store = NULL, tags = '{}', updated_at = ? WHERE id = ?""")) {
            Jdbc.bind(ps, now, memberId).executeUpdate();
        }
        // Identifiers keep a random token in place of the value (a hash of a phone number could be reversed
        // by trying every number): no one can read it back, and the rows still count the member's history.
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM member_identifier WHERE member_id = ?")) {
            try (ResultSet rs = Jdbc.bind(ps, memberId).executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE member_identifier SET value = ?, active = false, retired_at = coalesce(retired_at, ?) WHERE id = ?""")) {
            for (int i = 0; i < ids.size(); i++) {
                Jdbc.bind(ps, "erased:" + UUID.randomUUID(), now, ids.get(i)).addBatch();
            }
            ps.executeBatch();
        }
        // Consent history names the member's contact choices; it goes, and "no consent" is in force.
        update(c, "DELETE FROM member_consent WHERE member_id = ?", memberId);
        // A kiosk still showing the member's screen acts for no one from now on.
        update(c, "DELETE FROM kiosk_session WHERE member_id = ?", memberId);
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE purchase SET detail = detail - 'member' WHERE member_id = ?")) {
            Jdbc.bind(ps, memberId).executeUpdate();
        }
        // A suspected duplicate's reason names the customer's external id; the pair cannot be merged any more.
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE suspected_duplicate SET reason = 'erased', resolved_at = coalesce(resolved_at, ?)
                WHERE member_a = ? OR member_b = ?""")) {
            Jdbc.bind(ps, now, memberId, memberId).executeUpdate();
        }
        // The feed's member events carry the member's facts and consents, and the feed keeps its events: theirs
        // are emptied, and those of members merged into them (the same person's, before the merge). A merge keeps
        // which member was merged and the points moved, which say nothing about the person.
        try (PreparedStatement ps = c.prepareStatement(PERSON + """
                UPDATE outbox_event SET payload = CASE WHEN type = 'member.merged' THEN payload - 'member'
                                                       ELSE '{}'::jsonb END
                WHERE member_id IN (SELECT id FROM person)
                  AND type IN ('member.joined', 'member.updated', 'consents.changed', 'member.merged')""")) {
            Jdbc.bind(ps, memberId).executeUpdate();
        }
        // The audit keeps who changed what and when, but not the profiles its entries copied: those of this person
        // (and of members merged into them) go, as the feed's do. The only rewrite of the audit the core makes.
        try (PreparedStatement ps = c.prepareStatement(PERSON + """
                UPDATE staff_audit SET before = CASE WHEN before IS NULL THEN NULL ELSE '{"erased": true}'::jsonb END,
                                       after = CASE WHEN after IS NULL THEN NULL ELSE '{"erased": true}'::jsonb END
                WHERE target IN (SELECT 'member:' || id FROM person) AND action IN ('member.update', 'member.merge')""")) {
            Jdbc.bind(ps, memberId).executeUpdate();
        }
        AuditRows.insert(c, new Audit.Change(by, "member.erase", "member:" + memberId, null,
                Map.of("reason", reason, "actor", actor)), now);
        outbox.append(c, Event.of(memberId, new LoyaltyEvent.MemberErased(), now));
        return true;
    }

    /** {@code member.updated} after an external id was linked or unlinked, with the member's facts as they are now. */
    private Event updated(Connection c, UUID memberId, Instant now) throws SQLException {
        Member member = PgMembers.load(c, memberId).orElseThrow();
        return Event.of(memberId, new LoyaltyEvent.MemberUpdated(MemberEvents.facts(member, programs.current().program()),
                List.of(MemberEvents.EXTERNAL_ID)), now);
    }

    @Override
    public Unlinked unlink(Identifier externalId, String sourceKey, String actor, String reason, Actor by) {
        return jdbc.transaction(c -> {
            UUID memberId = PgMembers.memberIdOf(c, externalId);
            if (memberId == null || PgPurchases.lock(c, memberId) == null) {
                return new Unlinked(null, "NOT_LINKED");
            }
            Instant now = clock.instant();
            // The link goes for good: its value is replaced, as an erasure replaces every identifier's.
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE member_identifier SET value = ?, active = false, retired_at = ?
                    WHERE member_id = ? AND kind = 'EXTERNAL' AND value = ? AND active""")) {
                Jdbc.bind(ps, "unlinked:" + UUID.randomUUID(), now, memberId, externalId.value()).executeUpdate();
            }
            AuditRows.insert(c, new Audit.Change(by, "member.unlink", "member:" + memberId, null,
                    Map.of("reason", reason, "channel", sourceKey, "actor", actor)), now);
            if (otherChannel(c, memberId, sourceKey)) {
                outbox.append(c, updated(c, memberId, now));
                return new Unlinked(memberId, "UNLINKED");
            }
            eraseLocked(c, memberId, actor, reason, by, now);
            return new Unlinked(memberId, "ERASED");
        });
    }

    /**
     * Whether the member is known to the chain other than through {@code sourceKey}: they joined in a store or at a
     * kiosk, hold a loyalty card or another channel's id, or bought anywhere else.
     */
    private static boolean otherChannel(Connection c, UUID memberId, String sourceKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.join_channel <> 'ONLINE'
                    OR EXISTS (SELECT 1 FROM member_identifier i WHERE i.member_id = m.id AND i.active
                               AND i.kind IN ('CARD', 'EXTERNAL'))
                    OR EXISTS (SELECT 1 FROM purchase p WHERE p.member_id = m.id AND p.source <> ?)
                FROM member m WHERE m.id = ?""")) {
            try (ResultSet rs = Jdbc.bind(ps, sourceKey, memberId).executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    @Override
    public Optional<String> timeline(UUID memberId, int limit) {
        return jdbc.read(c -> {
            if (PgPoints.debt(c, memberId) == null) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT coalesce(json_agg(t ORDER BY t.at DESC), '[]')::text FROM (
                      SELECT * FROM (
                        SELECT occurred_at AS at, 'purchase' AS type, json_build_object('purchaseId', id, 'channel', channel,
                               'store', store, 'totalMinor', total_minor, 'points', points_earned,
                               'history', history) AS detail
                          FROM purchase WHERE member_id = ?
                        UNION ALL
                        SELECT r.recorded_at, 'refund', json_build_object('refundId', r.id, 'purchaseId', r.purchase_id,
                               'eligibleMinor', r.eligible_minor, 'pointsReversed', r.points_reversed)
                          FROM refund r JOIN purchase p ON p.id = r.purchase_id WHERE p.member_id = ?
                        UNION ALL
                        SELECT at, 'points', json_build_object('kind', kind, 'points', points, 'reason', reason)
                          FROM points_entry WHERE member_id = ?
                        UNION ALL
                        SELECT issued_at, 'voucher', json_build_object('code', code, 'template', template_code, 'status', status)
                          FROM voucher WHERE member_id = ?
                        UNION ALL
                        SELECT at, 'tier', json_build_object('from', from_tier, 'to', to_tier, 'reason', reason)
                          FROM tier_change WHERE member_id = ?
                      ) everything ORDER BY at DESC LIMIT ?
                    ) t""")) {
                try (ResultSet rs = Jdbc.bind(ps, memberId, memberId, memberId, memberId, memberId, limit).executeQuery()) {
                    rs.next();
                    return Optional.of(rs.getString(1));
                }
            }
        });
    }

    private static long ledgerSum(Connection c, UUID memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum(points), 0) FROM points_entry WHERE member_id = ?")) {
            try (ResultSet rs = Jdbc.bind(ps, memberId).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Jdbc.bind(ps, params).executeUpdate();
        }
    }

}
