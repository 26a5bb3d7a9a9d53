package io.punchcard.api.v1;

/**
 * What an API key is and may do, as the core answers {@code GET /api/v1/access} to the key's own holder.
 *
 * @param id    the key's public id (never the secret)
 * @param name  what it is called
 * @param scope ADMIN, CONNECTOR, STORE, KIOSK or CONSOLE
 * @param store the store a STORE key speaks for; null for the other scopes
 * @param staff the member of staff whose live session the request presented ({@link StaffSession#HEADER}, with a
 *              CONSOLE or ADMIN key): then their role decides what the request may do, not the key's scope. Null
 *              when no session was presented.
 */
public record KeyAccess(String id, String name, String scope, String store, StaffAccount staff) {

    /** A key acting alone, in no staff session. */
    public KeyAccess(String id, String name, String scope, String store) {
        this(id, name, scope, store, null);
    }
}
