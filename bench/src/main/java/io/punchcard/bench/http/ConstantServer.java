package io.punchcard.bench.http;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.webserver.WebServer;

/**
 * Ceiling (a): a plain Helidon route answering {@code GET /constant} with a fixed JSON body, as large as the
 * member card the till's scan returns. It does no work at all, so it shows what HTTP alone costs on this
 * machine with this load generator.
 */
public final class ConstantServer implements AutoCloseable {

    private final WebServer server;

    public ConstantServer(byte[] body) {
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(routing -> routing.get("/constant", (req, res) -> {
                    res.headers().contentType(MediaTypes.APPLICATION_JSON);
                    res.send(body);
                }))
                .build()
                .start();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }
}
