package io.punchcard.loyalty.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.punchcard.loyalty.search.Cursor;

/**
 * The WHERE clause of a listing, built from the filters that are set: each condition names a column written here,
 * never a caller's text, and takes its value as a parameter.
 */
final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> parameters = new ArrayList<>();

    Where copy() {
        Where copy = new Where();
        copy.conditions.addAll(conditions);
        copy.parameters.addAll(parameters);
        return copy;
    }

    /** {@code column = value}, when the value is set. */
    Where equal(String column, Object value) {
        return value == null ? this : add(column + " = ?", value);
    }

    /** {@code column >= instant}, when set. */
    Where from(String column, Instant instant) {
        return instant == null ? this : add(column + " >= ?", Timestamp.from(instant));
    }

    /** {@code column < instant}, when set. */
    Where until(String column, Instant instant) {
        return instant == null ? this : add(column + " < ?", Timestamp.from(instant));
    }

    /**
     * Rows strictly before {@code cursor} in the order (time column, id) descending. A row comparison of a
     * timestamp and a UUID: compared as their types, so no id length or text collation can reorder a page.
     */
    Where before(String timeColumn, Cursor cursor) {
        if (cursor == null) {
            return this;
        }
        conditions.add("(" + timeColumn + ", id) < (?, ?)");
        parameters.add(Timestamp.from(cursor.at()));
        parameters.add(cursor.id());
        return this;
    }

    /** A condition with its parameters, written by the caller from its own column names. */
    Where add(String condition, Object... values) {
        conditions.add(condition);
        parameters.addAll(List.of(values));
        return this;
    }

    String sql() {
        return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    }

    List<Object> parameters() {
        return List.copyOf(parameters);
    }
}
