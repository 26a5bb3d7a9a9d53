package io.punchcard.loyalty.access;

/**
 * What an API key may do.
 *
 * <ul>
 *   <li>ADMIN: everything, including the program and API keys.</li>
 *   <li>CONNECTOR: what POS and online-store connectors and the campaign scheduler need: members, purchases and
 *       refunds of any store, points, vouchers, the events feed; not the program, not keys.</li>
 *   <li>STORE: one store's tills and back office: like CONNECTOR, but purchases and refunds only of its own
 *       store, and no events feed.</li>
 *   <li>KIOSK: a self-service kiosk: alone, enrol a shopper and open a kiosk session for the member whose card or
 *       QR it scanned; in that session, read that member's card, vouchers and purchases and buy rewards for them,
 *       nobody else's (see {@link Access}).</li>
 *   <li>CONSOLE: the manager console's server: alone, open a staff session for a member of staff who gave their
 *       e-mail and password; in that session ({@code X-Staff-Session}), what the staff member's {@link StaffRole}
 *       allows (see {@link StaffAccess}).</li>
 * </ul>
 */
public enum Scope {
    ADMIN,
    CONNECTOR,
    STORE,
    KIOSK,
    CONSOLE
}
