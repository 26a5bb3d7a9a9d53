package io.punchcard.campaign.http;

import java.util.List;

import io.punchcard.api.v1.StaffAccount;

/**
 * Who calls the scheduler's API, as {@link Callers} found out from the core: a key acting alone, or a key (the
 * console's) acting as the member of staff of a live session, whose role then stands in for a scope.
 *
 * @param keyId   the key's public id
 * @param keyName what the key is called
 * @param scope   what the caller may do here: a key's scope, or for a member of staff ADMIN (an admin), STORE (a
 *                store manager) or CASHIER (which no route of the scheduler takes)
 * @param stores  the stores a STORE caller reads and acts for: a STORE key's one, a store manager's; else empty
 * @param staff   the member of staff, or null for a key acting alone
 */
public record Caller(String keyId, String keyName, String scope, List<String> stores, StaffAccount staff) {

    public Caller {
        stores = List.copyOf(stores);
    }

    /** The key's id: what a caller's own request ids are kept apart by. */
    public String id() {
        return keyId;
    }

    /** How records name who did something: the member of staff's e-mail, else the key's name. */
    public String name() {
        return staff == null ? keyName : staff.email();
    }

    /** Whether the caller reads and acts only for {@link #stores} (a STORE key, a store manager). */
    public boolean limitedToStores() {
        return "STORE".equals(scope);
    }

    /** How a refusal names the caller: "a STORE key", "a CASHIER member of staff". */
    String described() {
        return staff == null ? "A " + scope + " key" : "A " + staff.role() + " member of staff";
    }
}
