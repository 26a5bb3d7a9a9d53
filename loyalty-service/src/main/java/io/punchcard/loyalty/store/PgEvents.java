package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.punchcard.api.Json;
import io.punchcard.loyalty.event.Events;

/**
 * The feed over {@code outbox_event}. Events are ordered by (transaction id, event id), and a read serves only
 * events of transactions below the snapshot's xmin: every transaction that could still commit has a larger
 * id, so whatever commits later sorts after the position handed out. Positions read {@code <txid>-<id>}.
 * The order is the xid8 column's, never its text: as text, 1000 sorts before 999 and a page would jump.
 */
public final class PgEvents implements Events {

    private static final TypeReference<Map<String, Object>> PAYLOAD = new TypeReference<>() {
    };

    private final Jdbc jdbc;

    public PgEvents(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Page after(String position, int limit) {
        long[] from = parse(position);
        return jdbc.read(c -> {
            List<Stored> events = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT e.txid::text AS position_txid, e.id, e.type, e.member_id, e.payload::text, e.at
                    FROM outbox_event e
                    WHERE (e.txid, e.id) > (?::text::xid8, ?)
                      AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
                    ORDER BY e.txid, e.id
                    LIMIT ?""")) {
                try (ResultSet rs = Jdbc.bind(ps, Long.toString(from[0]), from[1], limit).executeQuery()) {
                    while (rs.next()) {
                        events.add(new Stored(rs.getString(1) + "-" + rs.getLong(2), rs.getLong(2), rs.getString(3),
                                rs.getObject(4, UUID.class), payload(rs.getString(5)), Jdbc.instant(rs.getTimestamp(6))));
                    }
                }
            }
            String next = events.isEmpty() ? format(from) : events.get(events.size() - 1).position();
            return new Page(events, next);
        });
    }

    /**
     * Reads a position; null or empty is the start.
     *
     * @throws IllegalArgumentException when it is not a position this feed handed out
     */
    public static long[] parse(String position) {
        if (position == null || position.isBlank()) {
            return new long[] {0, 0};
        }
        String[] parts = position.split("-");
        try {
            if (parts.length == 2) {
                long txid = Long.parseLong(parts[0]);
                long id = Long.parseLong(parts[1]);
                if (txid >= 0 && id >= 0) {
                    return new long[] {txid, id};
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("'" + position + "' is not a position of this feed");
    }

    private static String format(long[] position) {
        return position[0] == 0 && position[1] == 0 ? "" : position[0] + "-" + position[1];
    }

    private static Map<String, Object> payload(String json) {
        try {
            return Json.mapper().readValue(json, PAYLOAD);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
