package io.punchcard.pos.api;

/**
 * What voiding an open sale gave back.
 *
 * @param saleId         the till's sale id
 * @param done           true when the core has released everything; false while it waits in the store's queue
 * @param vouchers       vouchers released
 * @param pointsReturned points given back to the shopper
 * @param message        a line for the cashier
 */
public record VoidReceipt(String saleId, boolean done, int vouchers, long pointsReturned, String message) {
}
