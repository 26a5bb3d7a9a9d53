package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.helidon.dbclient.DbClient;

import io.punchcard.api.Json;
import io.punchcard.campaign.engine.Actor;
import io.punchcard.campaign.engine.Campaign;
import io.punchcard.campaign.engine.CampaignSpec;
import io.punchcard.campaign.engine.CampaignStore;
import io.punchcard.campaign.engine.Lifecycle;

/** Campaigns and their audit trail in the scheduler's schema. */
public final class PgCampaigns implements CampaignStore {

    private static final String COLUMNS = "id, spec::text, status, version, running_since, next_run_at, spent_points, "
            + "spent_vouchers, spent_messages, created_at, created_by, updated_at, updated_by";
    static final String CLOCK_ACTOR = "clock";

    private final Tx tx;

    public PgCampaigns(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public Change create(String id, CampaignSpec spec, Actor actor, Instant now) {
        return tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO campaign (id, spec, status, version, "
                            + "created_at, created_by, updated_at, updated_by) VALUES (?, ?::jsonb, 'DRAFT', 1, ?, ?, ?, ?) "
                            + "ON CONFLICT (id) DO NOTHING"),
                    id, Json.write(spec), now, actor.name(), now, actor.name())) {
                if (ps.executeUpdate() == 0) {
                    return new Exists(id);
                }
            }
            Campaign created = load(c, id, false).orElseThrow();
            audit(c, id, actor, "create", null, created, now);
            return new Changed(created);
        });
    }

    @Override
    public Optional<Campaign> find(String id) {
        return tx.read(c -> load(c, id, false));
    }

    @Override
    public List<Campaign> list() {
        return tx.read(c -> {
            List<Campaign> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(campaign(rs));
                }
            }
            return all;
        });
    }

    @Override
    public Change update(String id, CampaignSpec spec, Long expected, Actor actor, Instant now) {
        return tx.transaction(c -> {
            Optional<Campaign> found = load(c, id, true);
            if (found.isEmpty()) {
                return new NotFound(id);
            }
            Campaign before = found.get();
            if (expected != null && expected != before.version()) {
                return new VersionConflict(before.version());
            }
            try {
                Lifecycle.requireEditable(before.status());
            } catch (Lifecycle.Refused e) {
                return new Refused(e.getMessage());
            }
            // A new trigger or audience acts only on what happens from now on: occurrences before the edit are past.
            boolean reaimed = before.status() == Campaign.Status.RUNNING
                    && (!Objects.equals(before.spec().trigger(), spec.trigger())
                    || !Objects.equals(before.spec().audience(), spec.audience()));
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE campaign SET spec = ?::jsonb, "
                            + "version = version + 1, updated_at = ?, updated_by = ?, "
                            + "running_since = CASE WHEN ? THEN ? ELSE running_since END, "
                            + "next_run_at = CASE WHEN ? THEN NULL ELSE next_run_at END WHERE id = ?"),
                    Json.write(spec), now, actor.name(), reaimed, now, reaimed, id)) {
                ps.executeUpdate();
            }
            Campaign after = load(c, id, false).orElseThrow();
            audit(c, id, actor, "update", before, after, now);
            return new Changed(after);
        });
    }

    @Override
    public Change move(String id, Lifecycle.Move move, Long expected, Actor actor, Instant now) {
        return tx.transaction(c -> {
            Optional<Campaign> found = load(c, id, true);
            if (found.isEmpty()) {
                return new NotFound(id);
            }
            Campaign before = found.get();
            if (expected != null && expected != before.version()) {
                return new VersionConflict(before.version());
            }
            Lifecycle.Moved moved;
            try {
                moved = Lifecycle.move(before.status(), move, before.spec(), now);
            } catch (Lifecycle.Refused e) {
                return new Refused(e.getMessage());
            }
            Campaign after = setStatus(c, before, moved.status(), moved.startsNow(), actor.name(), now);
            audit(c, id, actor, move.name().toLowerCase(java.util.Locale.ROOT), before, after, now);
            return new Changed(after);
        });
    }

    @Override
    public Change delete(String id, Long expected, Actor actor, Instant now) {
        return tx.transaction(c -> {
            Optional<Campaign> found = load(c, id, true);
            if (found.isEmpty()) {
                return new NotFound(id);
            }
            Campaign before = found.get();
            if (expected != null && expected != before.version()) {
                return new VersionConflict(before.version());
            }
            if (before.status() != Campaign.Status.DRAFT) {
                return new Refused("only a draft can be deleted; finish a " + before.status() + " campaign instead");
            }
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("DELETE FROM campaign WHERE id = ?"), id)) {
                ps.executeUpdate();
            }
            audit(c, id, actor, "delete", before, null, now);
            return new Changed(before);
        });
    }

    @Override
    public List<AuditEntry> audit(String id, int limit) {
        return tx.read(c -> {
            List<AuditEntry> entries = new ArrayList<>();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id, campaign, at, actor, action, before::text, "
                    + "after::text, staff_id, staff_email FROM campaign_audit WHERE campaign = ? ORDER BY id DESC LIMIT ?"),
                    id, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID staffId = rs.getObject(8, UUID.class);
                    entries.add(new AuditEntry(rs.getLong(1), rs.getString(2), Tx.instant(rs.getTimestamp(3)),
                            rs.getString(4), staffId == null ? null : new Actor.Staff(staffId, rs.getString(9)),
                            rs.getString(5), readCampaign(rs.getString(6)), readCampaign(rs.getString(7))));
                }
            }
            return entries;
        });
    }

    @Override
    public List<Campaign> tick(Instant now) {
        return tx.transaction(c -> {
            List<Campaign> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM campaign "
                    + "WHERE status IN ('SCHEDULED', 'RUNNING', 'PAUSED') ORDER BY id FOR UPDATE");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(campaign(rs));
                }
            }
            List<Campaign> changed = new ArrayList<>();
            for (Campaign before : candidates) {
                Campaign.Status next = Lifecycle.tick(before.status(), before.spec(), now);
                if (next != before.status()) {
                    Campaign after = setStatus(c, before, next, next == Campaign.Status.RUNNING, CLOCK_ACTOR, now);
                    audit(c, before.id(), Actor.named(CLOCK_ACTOR), next == Campaign.Status.RUNNING ? "start" : "finish", before,
                            after, now);
                    changed.add(after);
                }
            }
            return changed;
        });
    }

    @Override
    public void nextRun(String id, long version, Instant at) {
        tx.transaction(c -> {
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE campaign SET next_run_at = ? "
                    + "WHERE id = ? AND version = ?"), at, id, version)) {
                return ps.executeUpdate();
            }
        });
    }

    private static Campaign setStatus(Connection c, Campaign before, Campaign.Status status, boolean startsNow,
                                      String actor, Instant now) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE campaign SET status = ?, version = version + 1, "
                        + "updated_at = ?, updated_by = ?, running_since = CASE WHEN ? THEN ? ELSE running_since END, "
                        + "next_run_at = CASE WHEN ? THEN NULL ELSE next_run_at END WHERE id = ?"),
                status, now, actor, startsNow, now, startsNow, before.id())) {
            ps.executeUpdate();
        }
        return load(c, before.id(), false).orElseThrow();
    }

    static Optional<Campaign> load(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT " + COLUMNS + " FROM campaign WHERE id = ?"
                + (lock ? " FOR UPDATE" : "")), id);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(campaign(rs)) : Optional.empty();
        }
    }

    static Campaign campaign(ResultSet rs) throws SQLException {
        return new Campaign(rs.getString(1), Json.read(rs.getString(2), CampaignSpec.class),
                Campaign.Status.valueOf(rs.getString(3)), rs.getLong(4), Tx.instant(rs.getTimestamp(5)),
                Tx.instant(rs.getTimestamp(6)), new Campaign.Spent(rs.getLong(7), rs.getLong(8), rs.getLong(9)),
                Tx.instant(rs.getTimestamp(10)), rs.getString(11), Tx.instant(rs.getTimestamp(12)), rs.getString(13));
    }

    private static void audit(Connection c, String id, Actor actor, String action, Campaign before, Campaign after,
                              Instant now) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO campaign_audit (campaign, at, actor, action, "
                        + "before, after, staff_id, staff_email) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)"),
                id, now, actor.name(), action, before == null ? null : Json.write(before),
                after == null ? null : Json.write(after), actor.staff() == null ? null : actor.staff().id(),
                actor.staff() == null ? null : actor.staff().email())) {
            ps.executeUpdate();
        }
    }

    private static Campaign readCampaign(String json) {
        return json == null ? null : Json.read(json, Campaign.class);
    }
}
