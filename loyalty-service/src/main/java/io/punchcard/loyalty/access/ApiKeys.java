package io.punchcard.loyalty.access;

import java.util.List;
import java.util.Optional;

/** API keys: created by an admin, presented on every request, revoked when a device is lost. */
public interface ApiKeys {

    /** Creates a key; the returned secret is shown this once and never stored. */
    Created create(String name, Scope scope, String store);

    /** The key a presented token belongs to, if it is valid and not revoked. */
    Optional<ApiKey> verify(String token);

    /** The key with the public id {@code id}, unless there is none or it is revoked. */
    Optional<ApiKey> active(String id);

    /** All keys, without secrets. */
    List<Listed> list();

    /** Revokes a key; false when there is none with that id. */
    boolean revoke(String id);

    /**
     * @param key   the key's description
     * @param token what the device presents: {@code pk_<id>_<secret>}
     */
    record Created(ApiKey key, String token) {
    }

    /**
     * @param key     the key
     * @param revoked whether it is revoked
     */
    record Listed(ApiKey key, boolean revoked) {
    }
}
