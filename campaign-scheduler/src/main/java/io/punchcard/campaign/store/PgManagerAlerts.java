package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.engine.ManagerAlerts;
import io.punchcard.campaign.message.CauseFacts;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.DefaultTemplates;
import io.punchcard.campaign.message.PlannedMessage;
import io.punchcard.campaign.message.Purpose;

/** Managers' alerts in the scheduler's schema; a store's daily e-mail is planned with the alerts it carries. */
public final class PgManagerAlerts implements ManagerAlerts {

    /** Lines in one e-mail at most; the rest go the next day. */
    static final int MAX_LINES = 200;
    /** A digest not sent within a day is stale: the next day's has what is still open. */
    private static final Duration MAX_AGE = Duration.ofDays(1);

    private final Tx tx;

    public PgManagerAlerts(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public List<Alert> list(String store, int limit) {
        return tx.read(c -> {
            List<Alert> alerts = new ArrayList<>();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id, campaign, member_id, store, note, "
                    + "created_at, emailed_at FROM manager_alert WHERE (?::text IS NULL OR store = ?) "
                    + "ORDER BY id DESC LIMIT ?"), store, store, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alerts.add(alert(rs));
                }
            }
            return alerts;
        });
    }

    @Override
    public int planDigests(LocalDate day, Instant until, Function<String, String> to, Instant now) {
        return tx.transaction(c -> {
            Map<String, List<Alert>> byStore = new LinkedHashMap<>();
            // Locked, so a second instance planning the same day waits, then finds them e-mailed.
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT id, campaign, member_id, store, note, "
                    + "created_at, emailed_at FROM manager_alert WHERE emailed_at IS NULL AND created_at < ? "
                    + "ORDER BY store NULLS LAST, id FOR UPDATE"), until);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Alert alert = alert(rs);
                    byStore.computeIfAbsent(alert.store() == null ? "" : alert.store(), k -> new ArrayList<>())
                            .add(alert);
                }
            }
            int planned = 0;
            for (Map.Entry<String, List<Alert>> entry : byStore.entrySet()) {
                String store = entry.getKey().isEmpty() ? null : entry.getKey();
                String address = to.apply(store);
                if (address == null) {
                    continue;
                }
                List<Alert> lines = entry.getValue().subList(0, Math.min(MAX_LINES, entry.getValue().size()));
                StringBuilder note = new StringBuilder();
                for (Alert alert : lines) {
                    note.append("- member ").append(alert.member()).append(" (campaign ").append(alert.campaign())
                            .append("): ").append(alert.note()).append('\n');
                }
                PlannedMessage message = new PlannedMessage("alerts:" + (store == null ? "-" : store) + ":" + day,
                        Purpose.TRANSACTIONAL, Channel.EMAIL, null, address, DefaultTemplates.MANAGER_ALERTS,
                        new CauseFacts(null, null, null, null, null, note.toString()), null, "manager alerts", now);
                // The day's e-mail for the store exists already (the rest of a long list): these wait for tomorrow's.
                if (PgMessages.insert(c, message, now.plus(MAX_AGE), now).created()) {
                    markEmailed(c, lines, now);
                    planned++;
                }
            }
            return planned;
        });
    }

    private static void markEmailed(Connection c, List<Alert> alerts, Instant now) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE manager_alert SET emailed_at = ? "
                + "WHERE id = ANY(?)"), now, c.createArrayOf("bigint", alerts.stream().map(Alert::id).toArray()))) {
            ps.executeUpdate();
        }
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                Tx.instant(rs.getTimestamp(6)), Tx.instant(rs.getTimestamp(7)));
    }
}
