package io.punchcard.bench.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The invariants a run must leave intact, read from PostgreSQL after the load: every member's ledger adds up
 * to their lots less their debt, no member owes points (nothing in a bench run creates a debt), and every
 * voucher's use count is its committed uses and within its limit.
 */
public final class Books {

    private Books() {
    }

    /** What is wrong with the books; empty when nothing is. */
    public static List<String> check(BenchStores stores) throws SQLException {
        List<String> broken = new ArrayList<>();
        try (Connection c = stores.connect(); Statement s = c.createStatement()) {
            count(s, broken, "members whose ledger does not add up to their lots less their debt", """
                    SELECT count(*) FROM member m
                    LEFT JOIN (SELECT member_id, sum(points) AS s FROM points_entry GROUP BY member_id) e ON e.member_id = m.id
                    LEFT JOIN (SELECT member_id, sum(remaining) AS r FROM points_lot GROUP BY member_id) l ON l.member_id = m.id
                    WHERE coalesce(e.s, 0) <> coalesce(l.r, 0) - m.points_debt""");
            // The bench refunds nothing and takes no points back by hand, so a debt could only be points spent
            // that were not there.
            count(s, broken, "members who owe points", "SELECT count(*) FROM member WHERE points_debt <> 0");
            count(s, broken, "vouchers whose use count is not their committed uses", """
                    SELECT count(*) FROM voucher v
                    LEFT JOIN (SELECT voucher_id, count(*) AS n FROM voucher_reservation WHERE status = 'COMMITTED'
                               GROUP BY voucher_id) r ON r.voucher_id = v.id
                    WHERE v.uses <> coalesce(r.n, 0) OR v.uses > v.uses_allowed""");
        }
        return broken;
    }

    private static void count(Statement s, List<String> broken, String what, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long n = rs.getLong(1);
            if (n > 0) {
                broken.add(n + " " + what);
            }
        }
    }

    /** A single number from {@code sql}. */
    public static long number(BenchStores stores, String sql) throws SQLException {
        try (Connection c = stores.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
