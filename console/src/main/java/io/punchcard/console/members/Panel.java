package io.punchcard.console.members;

import java.util.List;

/**
 * One table of the member page: its rows, or why there are none to show (the role does not see it, its source is
 * not answering) — a panel never shows made-up or stale rows in place of an answer.
 *
 * @param rows the rows, newest first
 * @param note why the rows cannot be shown; null when they are the answer (even an empty one)
 */
public record Panel<T>(List<T> rows, String note) {

    public Panel {
        rows = List.copyOf(rows);
    }

    public static <T> Panel<T> of(List<T> rows) {
        return new Panel<>(rows, null);
    }

    public static <T> Panel<T> unavailable(String note) {
        return new Panel<>(List.of(), note);
    }

    /** Whether the rows are the answer (perhaps none). */
    public boolean shown() {
        return note == null;
    }
}
