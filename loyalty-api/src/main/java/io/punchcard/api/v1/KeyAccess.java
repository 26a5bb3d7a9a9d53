package io.punchcard.api.v1;

/**
 * What an API key is and may do, as the core answers {@code GET /api/v1/access} to the key's own holder.
 *
 * @param id    the key's public id (never the secret)
 * @param name  what it is called
 * @param scope ADMIN, CONNECTOR, STORE or KIOSK
 * @param store the store a STORE key speaks for; null for the other scopes
 */
public record KeyAccess(String id, String name, String scope, String store) {
}
