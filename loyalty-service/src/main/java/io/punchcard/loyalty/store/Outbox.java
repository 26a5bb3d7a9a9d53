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
        if (events.length == 0) {
            return;
        }
        Object[] types = new Object[events.length];
        Object[] members = new Object[events.length];
        Object[] payloads = new Object[events.length];
        Object[] ats = new Object[events.length];
        for (int i = 0; i < events.length; i++) {
            types[i] = events[i].type();
            members[i] = events[i].memberId();
            payloads[i] = json(events[i]);
            // As ISO-8601 instants: pgjdbc writes a Timestamp in an array as local time without its offset.
            ats[i] = events[i].at().toString();
            // Every change to a member writes an event, so this is where cached cards learn to go.
            Jdbc.touched(events[i].memberId());
        }
        // One statement however many events (a batch of sales writes a thousand), in the order given.
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO outbox_event (type, member_id, payload, at)
                SELECT type, member_id, payload::jsonb, at
                FROM unnest(?::text[], ?::uuid[], ?::text[], ?::text[]::timestamptz[]) WITH ORDINALITY
                     AS e(type, member_id, payload, at, n)
                ORDER BY n""")) {
            ps.setArray(1, c.createArrayOf("text", types));
            ps.setArray(2, c.createArrayOf("uuid", members));
            ps.setArray(3, c.createArrayOf("text", payloads));
            ps.setArray(4, c.createArrayOf("text", ats));
            ps.executeUpdate();
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
