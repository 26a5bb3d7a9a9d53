package io.punchcard.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading a JSON request body, in the two degrees of strictness a Punchcard server needs. Both refuse an empty
 * body and anything after the one JSON value, and fail with a {@link JsonBodyException} that names the field in
 * words a client understands.
 * <ul>
 *   <li>{@link #read Our own API} (the core, the tills' API): every string and key is {@link
 *       io.punchcard.api.SafeText safe text}, and the shared mapper's strictness applies (no coercion between kinds
 *       of values, no unknown fields).</li>
 *   <li>{@link #tree A third party's document} (a shop's webhook): read as a tree, whatever its fields hold; the
 *       mapping checks the values it takes, and ignores the rest, because refusing a webhook for a field we do not
 *       use would make the shop retry, then drop, a webhook that was fine.</li>
 * </ul>
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /** A request body of our own API, bound to {@code type}. */
    static <T> T read(ObjectMapper mapper, JavaType type, InputStream stream) {
        try (stream; JsonParser parser = new CheckedTextParser(mapper.createParser(stream))) {
            T value = parse(mapper, type, parser);
            if (value == null) {
                // A body of "null" is no body: every handler expects an object.
                throw new JsonBodyException("The body is null; send a JSON object.", null);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A third party's JSON document as a tree; its text is left for the caller to check where it uses it. */
    public static JsonNode tree(ObjectMapper mapper, byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            return parse(mapper, mapper.constructType(JsonNode.class), parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(ObjectMapper mapper, JavaType type, JsonParser parser) throws IOException {
        try {
            if (parser.nextToken() == null) {
                throw new JsonBodyException("The body is empty; send a JSON object.", null);
            }
            // Trailing content is checked below, to say so in words rather than as a mismatch of types.
            T value = mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(parser);
            requireEnd(parser);
            return value;
        } catch (JsonProcessingException e) {
            throw JsonBodyException.from(e);
        }
    }

    /** A body is one JSON value: {@code {...} xyz} is refused, not read as its first part. */
    private static void requireEnd(JsonParser parser) throws IOException {
        var location = parser.currentLocation();
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (JsonProcessingException e) {
            next = JsonToken.NOT_AVAILABLE;
        }
        if (next != null) {
            throw new JsonBodyException("Something follows the JSON value after line " + location.getLineNr()
                    + ", column " + location.getColumnNr() + "; send one JSON value and nothing after it.", null);
        }
    }
}
