package io.punchcard.console.export;

import java.util.List;

/**
 * CSV as RFC 4180 writes it (comma, CRLF, a field quoted when it holds a comma, a quote or a line break), made safe
 * to open in a spreadsheet: a cell that would start with {@code = + - @}, a tab or a carriage return is prefixed with
 * a {@code '}, so a member's name can never become a formula in the manager's spreadsheet (CSV injection).
 */
public final class Csv {

    private Csv() {
    }

    /** One line of the file, with its CRLF. */
    public static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    /** One cell: empty for null, defused, quoted when it needs to be. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !isNumber(value) ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    /** A negative amount such as {@code -120} is a number, not a formula: it stays as it is. */
    private static boolean isNumber(String value) {
        return value.matches("-?\\d+");
    }
}
