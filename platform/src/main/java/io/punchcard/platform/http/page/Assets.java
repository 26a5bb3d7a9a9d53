package io.punchcard.platform.http.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The static files of a set of pages (scripts, styles, their licences), served from the class path by name: only the
 * names listed, each with its type, so nothing else on the class path can be read through them.
 *
 * @param folder the class path folder, e.g. {@code /kiosk/assets/}
 * @param types  the files' names and their content types
 */
public record Assets(String folder, Map<String, String> types) {

    /** The files change only with the server; a browser may keep them for an hour (they hold nothing personal). */
    private static final long MAX_AGE_SECONDS = 3600;

    public Assets {
        types = Map.copyOf(types);
    }

    /** Answers {@code GET …/{name}}: the file, or 404 for a name not listed. */
    public void serve(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        String type = types.get(name);
        if (type == null) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        try (InputStream in = Assets.class.getResourceAsStream(folder + name)) {
            if (in == null) {
                res.status(Status.NOT_FOUND_404).send();
                return;
            }
            PageHeaders.cacheable(res, MAX_AGE_SECONDS);
            res.header(HeaderNames.CONTENT_TYPE, type);
            res.send(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
