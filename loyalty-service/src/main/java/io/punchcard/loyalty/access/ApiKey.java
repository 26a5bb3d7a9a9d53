package io.punchcard.loyalty.access;

/**
 * The caller a request was authenticated as.
 *
 * @param id    the key's public id
 * @param name  what it is called
 * @param scope what it may do
 * @param store its store, for STORE keys
 */
public record ApiKey(String id, String name, Scope scope, String store) {
}
