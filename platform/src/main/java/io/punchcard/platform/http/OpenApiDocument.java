package io.punchcard.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A connector's OpenAPI document, served by the connector itself ({@code GET /pos/v1/openapi},
 * {@code GET /webhooks/openapi}) so it is there whether the connector runs alone or beside the core.
 */
public final class OpenApiDocument implements HttpService {

    private final byte[] document;

    /** @param resource where the YAML document lives on the class path */
    public OpenApiDocument(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::serve);
    }

    private void serve(ServerRequest req, ServerResponse res) {
        res.headers().contentType(MediaTypes.create("application/yaml"));
        res.send(document);
    }
}
