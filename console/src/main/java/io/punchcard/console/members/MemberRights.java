package io.punchcard.console.members;

import io.punchcard.console.staff.Role;

/**
 * What the member pages show a role, as the core's staff access decides it (docs/api.md, "Staff accounts and
 * sessions"): a page offers nothing the core would refuse. A cashier looks a shopper up at the till — the card,
 * tier, points and vouchers; a store manager also reads the history and acts (adjustments, vouchers, merges) for
 * their stores' members, the core enforcing which; an admin may also export and erase.
 *
 * @param history whether the ledger, purchases, timeline and messages are shown
 * @param act     whether points may be adjusted and vouchers issued
 * @param merge   whether the duplicates queue and merges are open
 * @param export  whether the GDPR export may be downloaded
 * @param erase   whether the member may be erased
 * @param audit   whether the member's entries of the core's audit are shown (the core shows its audit to admins)
 */
public record MemberRights(boolean history, boolean act, boolean merge, boolean export, boolean erase,
                           boolean audit) {

    public static MemberRights of(Role role) {
        return switch (role) {
            case ADMIN -> new MemberRights(true, true, true, true, true, true);
            case STORE_MANAGER -> new MemberRights(true, true, true, false, false, false);
            case CASHIER -> new MemberRights(false, false, false, false, false, false);
        };
    }
}
