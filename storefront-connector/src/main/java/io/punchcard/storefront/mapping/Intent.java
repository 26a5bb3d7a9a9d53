package io.punchcard.storefront.mapping;

import java.time.Instant;

import io.punchcard.api.v1.ResolveCustomer;

/** What one webhook asks of the loyalty program, before the connector's ledger of orders decides what to send. */
public sealed interface Intent {

    /**
     * A customer created or changed at the shop: matched with a member (or enrolled), consents as stated.
     *
     * @param customer the customer
     * @param update   true for a change: consents stated since the member's own are recorded on the member found
     */
    record Customer(ResolveCustomer customer, boolean update) implements Intent {
    }

    /**
     * An order paid: a purchase, its points pending through the return window.
     *
     * @param orderId    the shop's order id
     * @param totalMinor what the shopper paid, the most refunds can give back
     * @param order      what to send
     */
    record Paid(String orderId, long totalMinor, OrderEntry order) implements Intent {
    }

    /** An order cancelled: whatever was not refunded yet is, and its points go. */
    record Cancelled(String orderId, Instant at) implements Intent {
    }

    /**
     * Goods or money given back on an order: points reversed in proportion.
     *
     * @param orderId     the order
     * @param refundId    the shop's refund id
     * @param amountMinor the money refunded (for the ledger; what is refunded by amount when no lines are named)
     * @param lines       the items returned, or null when the refund names none (then by amount)
     * @param at          when
     */
    record Refunded(String orderId, String refundId, long amountMinor,
                    java.util.List<io.punchcard.api.v1.RecordRefund.ReturnedLine> lines, Instant at) implements Intent {
    }

    /**
     * The shop forgets a customer (GDPR): the link goes, and a member known only through the shop is erased.
     *
     * @param externalId the customer's id at the core
     * @param email      their e-mail, or null: what the connector kept of their guest orders is wiped too
     * @param requestId  what asked for it
     */
    record Forget(String externalId, String email, String requestId) implements Intent {
    }

    /** A customer asked the shop for their data: the member's export is written for the shop's owner. */
    record DataRequest(String requestId, String externalId, String email) implements Intent {
    }

    /** The shop uninstalled the app: every customer link of the shop is forgotten. */
    record ForgetShop() implements Intent {
    }

    /** Nothing for loyalty (a pending order, a test order), and why. */
    record Ignored(String why) implements Intent {
    }
}
