package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.loyalty.event.Event;

/** Writes domain events into {@code outbox_event} inside the caller's transaction. */
public final class Outbox {

    /** Appends {@code events} in the transaction of {@code c}. */
    public void append(Connection c, Event... events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO outbox_event (type, member_id, payload, at) VALUES (?, ?, ?::jsonb, ?)")) {
            for (Event event : events) {
                Jdbc.bind(ps, event.type(), event.memberId(), json(event), event.at()).addBatch();
                // Every change to a member writes an event, so this is where cached cards learn to go.
                Jdbc.touched(event.memberId());
            }
            ps.executeBatch();
        }
    }

    private static String json(Event event) {
        try {
            return Json.mapper().writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
