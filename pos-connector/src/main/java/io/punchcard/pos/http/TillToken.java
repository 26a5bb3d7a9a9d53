package io.punchcard.pos.http;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.Problem;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.pos.terminal.Terminals;

/** Every call to the connector names its till by the till's token. */
final class TillToken {

    private TillToken() {
    }

    /** The till behind the request's token, or a 401 problem. */
    static String till(ServerRequest req, Terminals terminals) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        Optional<String> till = header.startsWith("Bearer ") ? terminals.verify(header.substring(7).strip())
                : Optional.empty();
        return till.orElseThrow(() -> new ProblemException(Problem.of("terminal-token", "Unknown till", 401,
                "Send this till's token as 'Authorization: Bearer pt_…' (the store manager issues it).", null)));
    }
}
