package io.punchcard.pos.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /pos/v1/openapi}: the tills' API as an OpenAPI document, served by the connector itself so it is
 * there whether the connector runs alone in a store or beside the core.
 */
public final class OpenApiDocument implements HttpService {

    /** Where the document lives on the class path. */
    public static final String RESOURCE = "/pos-connector/openapi.yaml";

    private final byte[] document;

    public OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
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
