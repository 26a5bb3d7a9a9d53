package io.punchcard.loyalty.access;

/**
 * What a member of staff may do through the manager console (see {@link StaffAccess}).
 *
 * <ul>
 *   <li>ADMIN: everything an ADMIN key may, staff accounts included.</li>
 *   <li>STORE_MANAGER: what a STORE key may, for their own stores where the core limits by store.</li>
 *   <li>CASHIER: look a member up and read their card and vouchers; nothing that changes or exports.</li>
 * </ul>
 */
public enum StaffRole {
    ADMIN,
    STORE_MANAGER,
    CASHIER
}
