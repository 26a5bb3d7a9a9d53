package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import io.punchcard.api.v1.PurchasePage;
import io.punchcard.loyalty.purchase.PurchaseQuery;
import io.punchcard.loyalty.purchase.PurchaseSearch;
import io.punchcard.loyalty.search.Cursor;
import io.punchcard.loyalty.search.Page;

/**
 * Purchases listed from PostgreSQL. The page and the totals come from one statement, so they describe the same
 * snapshot: a sale committed between two pages is counted on the page that sees it, never half.
 */
public final class PgPurchaseSearch implements PurchaseSearch {

    private final Jdbc jdbc;

    public PgPurchaseSearch(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Found search(PurchaseQuery query) {
        Where where = new Where();
        where.equal("member_id", query.memberId());
        where.equal("store", query.store());
        if (!query.scope().isEmpty()) {
            where.add("store = ANY(?)", (Object) query.scope().toArray(String[]::new));
        }
        where.equal("channel", query.channel() == null ? null : query.channel().name());
        where.equal("source", query.source());
        where.equal("external_id", query.externalId());
        where.from("occurred_at", query.period().from());
        where.until("occurred_at", query.period().to());
        where.equal("history", query.history());
        Where page = where.copy();
        page.before("occurred_at", query.after());
        String sql = """
                SELECT p.id, p.source, p.external_id, p.member_id, p.channel, p.store, p.terminal, p.occurred_at,
                       p.recorded_at, p.currency, p.total_minor, p.eligible_minor, p.points_earned, p.history,
                       t.n, t.total_minor, t.eligible_minor, t.points_earned
                FROM (SELECT count(*) AS n, coalesce(sum(total_minor), 0) AS total_minor,
                             coalesce(sum(eligible_minor), 0) AS eligible_minor,
                             coalesce(sum(points_earned), 0) AS points_earned
                      FROM purchase WHERE %s) AS t
                LEFT JOIN LATERAL (SELECT * FROM purchase WHERE %s
                                   ORDER BY occurred_at DESC, id DESC LIMIT ?) AS p ON true
                ORDER BY p.occurred_at DESC, p.id DESC""".formatted(where.sql(), page.sql());
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.addAll(page.parameters());
        // One row more than the page: whether there is a next page, without counting.
        parameters.add(query.limit() + 1);
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                try (ResultSet rs = Jdbc.bind(ps, parameters.toArray()).executeQuery()) {
                    List<PurchasePage.Item> items = new ArrayList<>();
                    PurchasePage.Totals totals = new PurchasePage.Totals(0, 0, 0, 0);
                    while (rs.next()) {
                        totals = new PurchasePage.Totals(rs.getLong(15), rs.getLong(16), rs.getLong(17), rs.getLong(18));
                        if (rs.getObject(1) != null) {
                            items.add(item(rs));
                        }
                    }
                    Cursor next = null;
                    if (items.size() > query.limit()) {
                        items = items.subList(0, query.limit());
                        PurchasePage.Item last = items.get(items.size() - 1);
                        next = new Cursor(last.occurredAt(), last.purchaseId());
                    }
                    return new Found(new Page<>(items, next), totals);
                }
            }
        });
    }

    private static PurchasePage.Item item(ResultSet rs) throws java.sql.SQLException {
        return new PurchasePage.Item(rs.getObject(1, java.util.UUID.class), rs.getString(2), rs.getString(3),
                rs.getObject(4, java.util.UUID.class), rs.getString(5), rs.getString(6), rs.getString(7),
                Jdbc.instant(rs.getTimestamp(8)), Jdbc.instant(rs.getTimestamp(9)), rs.getString(10), rs.getLong(11),
                rs.getLong(12), rs.getLong(13), rs.getBoolean(14));
    }
}
