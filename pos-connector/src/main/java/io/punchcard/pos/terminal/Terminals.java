package io.punchcard.pos.terminal;

import java.util.List;
import java.util.Optional;

/**
 * The store's tills and their tokens. A till presents {@code pt_<till>_<secret>}; only a hash of the secret
 * is kept, so the connector's files give no one a working token.
 */
public interface Terminals {

    /** Registers a till (or gives it a new token, revoking the old one) and returns its token, shown once. */
    String issue(String terminal);

    /** The till a token belongs to, when the token is current. */
    Optional<String> verify(String token);

    /** Takes a till's token away. */
    boolean revoke(String terminal);

    /** The tills with a current token. */
    List<String> list();
}
