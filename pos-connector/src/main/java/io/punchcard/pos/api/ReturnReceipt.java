package io.punchcard.pos.api;

/**
 * What the till prints for the loyalty part of a return.
 *
 * @param returnId       the till's return id
 * @param recorded       true when the core has recorded it; false while it waits in the store's queue
 * @param pointsReversed points taken back (null until recorded)
 * @param message        a line for the receipt
 */
public record ReturnReceipt(String returnId, boolean recorded, Long pointsReversed, String message) {
}
