package io.punchcard.loyalty.access;

/**
 * What a member of staff may do through the manager console (see {@link StaffAccess}).
 *
 * <ul>
 *   <li>ADMIN: everything an ADMIN key may, staff accounts included.</li>
 *   <li>STORE_MANAGER: what a STORE key may, for their own stores' members and purchases only ({@link StoreScope}).</li>
 *   <li>CASHIER: look a member up and read their card and vouchers; nothing that changes or exports. A cashier
 *       given stores sees those stores' members only; one without, every member.</li>
 * </ul>
 */
public enum StaffRole {
    ADMIN,
    STORE_MANAGER,
    CASHIER
}
