package io.punchcard.storefront.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.UnlinkCustomer;
import io.punchcard.outbox.Outbox;
import io.punchcard.outbox.SqliteOutbox;
import io.punchcard.storefront.Shop;
import io.punchcard.storefront.forward.CustomerEntry;
import io.punchcard.storefront.forward.ExportEntry;
import io.punchcard.storefront.forward.RefundEntry;
import io.punchcard.storefront.forward.StorefrontKinds;
import io.punchcard.storefront.forward.WebhookEntry;
import io.punchcard.storefront.mapping.Intent;
import io.punchcard.storefront.mapping.ProgramFacts;
import io.punchcard.storefront.mapping.Webhooks;

/**
 * Where a webhook is kept before it is answered: in one SQLite transaction, the delivery is noted (a delivery seen
 * before changes nothing), the connector's ledger of each order is brought up to date, and what the core must be
 * told goes on the outbox. The ledger is what makes the platforms' habits harmless: a paid order recorded once
 * however often it is announced, a refund that arrives before its order kept until the order does, a
 * cancellation that reverses only what refunds have not, and no refund counted twice.
 */
public final class SqliteIntake implements AutoCloseable {

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS delivery (
            shop        TEXT    NOT NULL,
            delivery_id TEXT    NOT NULL,
            topic       TEXT    NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (shop, delivery_id))""",
        """
        CREATE TABLE IF NOT EXISTS online_order (
            shop           TEXT    NOT NULL,
            order_id       TEXT    NOT NULL,
            state          TEXT    NOT NULL CHECK (state IN ('PAID', 'CANCELLED')),
            total_minor    INTEGER NOT NULL,
            refunded_minor INTEGER NOT NULL, -- money refunded by amount: the core caps those at the total
            PRIMARY KEY (shop, order_id))""",
        """
        CREATE TABLE IF NOT EXISTS online_refund (
            shop         TEXT    NOT NULL,
            refund_id    TEXT    NOT NULL,
            order_id     TEXT    NOT NULL,
            state        TEXT    NOT NULL CHECK (state IN ('PARKED', 'QUEUED', 'NOTHING')),
            amount_minor INTEGER NOT NULL,
            lines        TEXT,
            at           INTEGER NOT NULL,
            PRIMARY KEY (shop, refund_id))""",
        """
        CREATE TABLE IF NOT EXISTS customer_link (
            shop        TEXT NOT NULL,
            external_id TEXT NOT NULL,
            PRIMARY KEY (shop, external_id))""",
        """
        CREATE TABLE IF NOT EXISTS program_fact (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL)"""
    };

    private final SqliteOutbox outbox;

    private SqliteIntake(SqliteOutbox outbox) {
        this.outbox = outbox;
    }

    /** Opens (creating when new) the connector's file. */
    public static SqliteIntake open(Path file) {
        return new SqliteIntake(SqliteOutbox.open(file, SCHEMA));
    }

    public Outbox outbox() {
        return outbox;
    }

    /**
     * @param duplicate true when this delivery was taken before (nothing changed)
     * @param queued    entries put on the outbox
     * @param notes     what was decided beside queuing, for the log and the answer
     */
    public record Taken(boolean duplicate, int queued, List<String> notes) {
    }

    /** Keeps one webhook of {@code shop}: all of it, or — when this throws — none of it. */
    public Taken take(Shop shop, String deliveryId, String topic, List<Intent> intents, Instant at) {
        return outbox.inTransaction((db, append) -> {
            if (!noted(db, shop, deliveryId, topic, at)) {
                return new Taken(true, 0, List.of("delivery " + deliveryId + " was taken before"));
            }
            return apply(db, append, shop, deliveryId, intents, at);
        });
    }

    /**
     * Keeps what a webhook set aside asks for, now that it can be taken: its delivery was noted when it was set
     * aside. Safe to repeat, as the ledger is: an order recorded once, a refund once, a message once per delivery.
     */
    public Taken retake(Shop shop, String deliveryId, List<Intent> intents, Instant at) {
        return outbox.inTransaction((db, append) -> apply(db, append, shop, deliveryId, intents, at));
    }

    /**
     * @param duplicate true when this delivery was taken (or set aside) before: nothing changed
     * @param id        the outbox entry it is kept as, for {@code outbox rejected} and {@code outbox retry}
     */
    public record SetAside(boolean duplicate, long id) {
    }

    /**
     * Sets aside a signed webhook of {@code shop} that cannot be taken, for a person: the delivery is noted (the same
     * delivery again changes nothing) and the webhook is kept whole on the outbox, refused from the start with
     * {@code problem} (JSON) — listed by {@code outbox rejected}, counted in health's {@code rejected} — until
     * {@code outbox retry} takes it again.
     */
    public SetAside setAside(Shop shop, String deliveryId, String topic, JsonNode payload, String problem, Instant at) {
        return outbox.inTransaction((db, append) -> {
            if (!noted(db, shop, deliveryId, topic, at)) {
                return new SetAside(true, 0);
            }
            WebhookEntry webhook = new WebhookEntry(topic, Webhooks.customer(shop, topic, payload).orElse(null), payload);
            Outbox.Appended kept = append.apply(new Outbox.NewEntry(shop.name(), StorefrontKinds.WEBHOOK, deliveryId,
                    Ledger.json(webhook), at));
            if (kept.already()) {
                return new SetAside(true, kept.id());
            }
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE outbox SET state = 'REJECTED', outcome = ?, settled_at = ? WHERE id = ?")) {
                ps.setString(1, problem);
                ps.setLong(2, at.toEpochMilli());
                ps.setLong(3, kept.id());
                ps.executeUpdate();
            }
            return new SetAside(false, kept.id());
        });
    }

    /** Notes a delivery of {@code shop}; false when it was noted before. */
    private static boolean noted(Connection db, Shop shop, String deliveryId, String topic, Instant at)
            throws SQLException {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO delivery (shop, delivery_id, topic, received_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (shop, delivery_id) DO NOTHING""")) {
            ps.setString(1, shop.name());
            ps.setString(2, deliveryId);
            ps.setString(3, topic);
            ps.setLong(4, at.toEpochMilli());
            return ps.executeUpdate() > 0;
        }
    }

    private static Taken apply(Connection db, Function<Outbox.NewEntry, Outbox.Appended> append, Shop shop,
                               String deliveryId, List<Intent> intents, Instant at) throws SQLException {
        Ledger ledger = new Ledger(db, append, shop, deliveryId, at);
        for (Intent intent : intents) {
            ledger.apply(intent);
        }
        return new Taken(false, ledger.queued, List.copyOf(ledger.notes));
    }

    /** One webhook's changes, inside its transaction. */
    private static final class Ledger {

        private final Connection db;
        private final Function<Outbox.NewEntry, Outbox.Appended> append;
        private final Shop shop;
        private final String deliveryId;
        private final Instant at;
        private final PurchaseSource source;
        private final List<String> notes = new ArrayList<>();
        private int queued;

        Ledger(Connection db, Function<Outbox.NewEntry, Outbox.Appended> append, Shop shop, String deliveryId,
               Instant at) {
            this.db = db;
            this.append = append;
            this.shop = shop;
            this.deliveryId = deliveryId;
            this.at = at;
            this.source = new PurchaseSource("ONLINE", shop.store(), null, shop.sourceShop());
        }

        void apply(Intent intent) throws SQLException {
            switch (intent) {
                case Intent.Customer customer -> {
                    link(customer.customer().externalId());
                    queue(StorefrontKinds.CUSTOMER, deliveryId, new CustomerEntry(customer.customer(), customer.update()));
                }
                case Intent.Paid paid -> paid(paid);
                case Intent.Cancelled cancelled -> cancelled(cancelled);
                case Intent.Refunded refunded -> refunded(refunded);
                case Intent.Forget forget -> {
                    forget(forget.externalId(), forget.requestId());
                    if (forget.email() != null) {
                        wipe("\"" + forget.email() + "\"");
                    }
                }
                case Intent.ForgetShop forgetShop -> {
                    List<String> linked = new ArrayList<>();
                    try (PreparedStatement ps = db.prepareStatement(
                            "SELECT external_id FROM customer_link WHERE shop = ? ORDER BY external_id")) {
                        ps.setString(1, shop.name());
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                linked.add(rs.getString(1));
                            }
                        }
                    }
                    for (String externalId : linked) {
                        forget(externalId, "shop/redact of " + shop.domain());
                    }
                    notes.add("the shop's " + linked.size() + " customer links are forgotten");
                }
                case Intent.DataRequest request -> queue(StorefrontKinds.EXPORT, request.requestId(),
                        new ExportEntry(shop.name(), request.requestId(), request.externalId(), request.email()));
                case Intent.Ignored ignored -> notes.add(ignored.why());
            }
        }

        private void paid(Intent.Paid paid) throws SQLException {
            Order order = order(paid.orderId());
            if (order != null) {
                notes.add("order " + paid.orderId() + (order.state().equals("PAID") ? " was recorded before"
                        : " was cancelled before it was paid: it earns nothing"));
                return;
            }
            update("INSERT INTO online_order (shop, order_id, state, total_minor, refunded_minor) VALUES (?, ?, 'PAID', ?, 0)",
                    shop.name(), paid.orderId(), paid.totalMinor());
            if (paid.order().customer() != null) {
                link(paid.order().customer().externalId());
            }
            queue(StorefrontKinds.ORDER, paid.orderId(), paid.order());
            // Refunds that came before their order (webhooks are not delivered in order) follow it now.
            List<Intent.Refunded> parked = new ArrayList<>();
            try (PreparedStatement ps = db.prepareStatement("""
                    SELECT refund_id, amount_minor, lines, at FROM online_refund
                    WHERE shop = ? AND order_id = ? AND state = 'PARKED' ORDER BY at, refund_id""")) {
                ps.setString(1, shop.name());
                ps.setString(2, paid.orderId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        parked.add(new Intent.Refunded(paid.orderId(), rs.getString(1), rs.getLong(2),
                                rs.getString(3) == null ? null : readLines(rs.getString(3)),
                                Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            for (Intent.Refunded refund : parked) {
                refund(refund, order(paid.orderId()));
            }
        }

        private void cancelled(Intent.Cancelled cancelled) throws SQLException {
            Order order = order(cancelled.orderId());
            if (order == null) {
                update("INSERT INTO online_order (shop, order_id, state, total_minor, refunded_minor) VALUES (?, ?, 'CANCELLED', 0, 0)",
                        shop.name(), cancelled.orderId());
                notes.add("order " + cancelled.orderId() + " was cancelled before it was paid");
                return;
            }
            if (order.state().equals("CANCELLED")) {
                notes.add("order " + cancelled.orderId() + " was cancelled before");
                return;
            }
            // Everything not refunded yet, whatever earlier refunds took: the core reverses every point left.
            String id = "cancel-" + cancelled.orderId();
            queue(StorefrontKinds.REFUND, id, new RefundEntry(new RecordRefund(source, id, null, source,
                    cancelled.orderId(), null, null, cancelled.at(), true), null));
            update("UPDATE online_order SET state = 'CANCELLED', refunded_minor = total_minor WHERE shop = ? AND order_id = ?",
                    shop.name(), cancelled.orderId());
        }

        private void refunded(Intent.Refunded refund) throws SQLException {
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT 1 FROM online_refund WHERE shop = ? AND refund_id = ?")) {
                ps.setString(1, shop.name());
                ps.setString(2, refund.refundId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        notes.add("refund " + refund.refundId() + " was taken before");
                        return;
                    }
                }
            }
            Order order = order(refund.orderId());
            update("INSERT INTO online_refund (shop, refund_id, order_id, state, amount_minor, lines, at) VALUES (?, ?, ?, 'PARKED', ?, ?, ?)",
                    shop.name(), refund.refundId(), refund.orderId(), refund.amountMinor(),
                    refund.lines() == null ? null : json(refund.lines()), refund.at().toEpochMilli());
            if (order == null) {
                notes.add("refund " + refund.refundId() + " waits for its order " + refund.orderId());
                return;
            }
            refund(refund, order);
        }

        /**
         * A refund of a known order, once: the items it names (the core reverses exactly their points, never more
         * than they earned), or money — what is left of the order to give back, at most.
         */
        private void refund(Intent.Refunded refund, Order order) throws SQLException {
            boolean paid = order.state().equals("PAID");
            long amount = paid ? Math.max(0, Math.min(refund.amountMinor(), order.total() - order.refunded())) : 0;
            boolean byItems = paid && refund.lines() != null;
            boolean send = byItems || amount > 0;
            if (byItems) {
                // Not counted as money refunded: the core takes it by items, unless it falls back to the amount.
                queue(StorefrontKinds.REFUND, refund.refundId(), new RefundEntry(new RecordRefund(source,
                        refund.refundId(), null, source, refund.orderId(), refund.lines(), null, refund.at(), null),
                        amount > 0 ? amount : null));
            } else if (send) {
                queue(StorefrontKinds.REFUND, refund.refundId(), new RefundEntry(new RecordRefund(source,
                        refund.refundId(), null, source, refund.orderId(), null, amount, refund.at(), null), null));
                update("UPDATE online_order SET refunded_minor = refunded_minor + ? WHERE shop = ? AND order_id = ?",
                        amount, shop.name(), refund.orderId());
            } else {
                notes.add("refund " + refund.refundId() + " has nothing left to reverse on order " + refund.orderId());
            }
            update("UPDATE online_refund SET state = ?, amount_minor = ? WHERE shop = ? AND refund_id = ?",
                    send ? "QUEUED" : "NOTHING", amount, shop.name(), refund.refundId());
        }

        private void forget(String externalId, String why) throws SQLException {
            queue(StorefrontKinds.FORGET, externalId + "@" + deliveryId, new UnlinkCustomer(externalId,
                    source.key(), shop.platform().slug() + " " + shop.name(), why));
            update("DELETE FROM customer_link WHERE shop = ? AND external_id = ?", shop.name(), externalId);
            wipe("\"externalId\":\"" + externalId + "\"");
        }

        /**
         * Wipes what the connector kept of a forgotten customer: every message already delivered whose body names
         * {@code needle}. Messages still waiting keep theirs until delivered, and delivered ones go after 30 days
         * anyway ({@link #purge}).
         */
        private void wipe(String needle) throws SQLException {
            update("""
                    UPDATE outbox SET body = '{"wiped":true}',
                        outcome = CASE WHEN instr(outcome, ?2) > 0 THEN '{"wiped":true}' ELSE outcome END
                    WHERE stream = ?1 AND state <> 'PENDING' AND (instr(body, ?2) > 0 OR instr(outcome, ?2) > 0)""",
                    shop.name(), needle);
        }

        private void link(String externalId) throws SQLException {
            update("INSERT INTO customer_link (shop, external_id) VALUES (?, ?) ON CONFLICT DO NOTHING", shop.name(),
                    externalId);
        }

        private record Order(String state, long total, long refunded) {
        }

        private Order order(String orderId) throws SQLException {
            try (PreparedStatement ps = db.prepareStatement(
                    "SELECT state, total_minor, refunded_minor FROM online_order WHERE shop = ? AND order_id = ?")) {
                ps.setString(1, shop.name());
                ps.setString(2, orderId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Order(rs.getString(1), rs.getLong(2), rs.getLong(3)) : null;
                }
            }
        }

        private static String json(Object body) {
            try {
                return Json.mapper().writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static List<RecordRefund.ReturnedLine> readLines(String json) {
            try {
                return List.of(Json.mapper().readValue(json, RecordRefund.ReturnedLine[].class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a parked refund's lines cannot be read: " + e.getOriginalMessage(), e);
            }
        }

        private void queue(String kind, String reference, Object body) {
            try {
                if (!append.apply(new Outbox.NewEntry(shop.name(), kind, reference, Json.mapper().writeValueAsString(body),
                        at)).already()) {
                    queued++;
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private void update(String sql, Object... values) throws SQLException {
            try (PreparedStatement ps = db.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.executeUpdate();
            }
        }
    }

    /** How long messages the core answered are kept (for a person looking into one): then they go. */
    public static final java.time.Duration KEPT = java.time.Duration.ofDays(30);

    /**
     * Deletes messages the core answered, and deliveries noted, before {@code now} less {@link #KEPT} (platforms stop
     * redelivering within hours: Shopify after 4); returns how many messages. The orders' ledger stays: an
     * order may be refunded months later.
     */
    public int purge(Instant now) {
        long before = now.minus(KEPT).toEpochMilli();
        return outbox.inTransaction((db, append) -> {
            try (PreparedStatement deliveries = db.prepareStatement("DELETE FROM delivery WHERE received_at < ?");
                 PreparedStatement messages = db.prepareStatement(
                         "DELETE FROM outbox WHERE state = 'SENT' AND settled_at < ?")) {
                deliveries.setLong(1, before);
                deliveries.executeUpdate();
                messages.setLong(1, before);
                return messages.executeUpdate();
            }
        });
    }

    /**
     * The program's currency and phone region as connectors before the program follower kept them; read once at
     * start, until the follower has read the program (it keeps its own copy, {@code core_program}).
     */
    public synchronized ProgramFacts facts() {
        return outbox.inTransaction((db, append) -> {
            String currency = null;
            String region = null;
            try (PreparedStatement ps = db.prepareStatement("SELECT name, value FROM program_fact");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "currency" -> currency = rs.getString(2);
                        case "phoneRegion" -> region = rs.getString(2);
                        default -> {
                            // Facts a later version keeps.
                        }
                    }
                }
            }
            return currency == null ? ProgramFacts.UNKNOWN : new ProgramFacts(currency, region);
        });
    }

    @Override
    public void close() {
        outbox.close();
    }
}
