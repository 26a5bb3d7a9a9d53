package io.punchcard.platform.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.SafeText;

/**
 * Query and path parameters held to the same rule as JSON strings: {@link SafeText safe text}, refused by name.
 * Query parameters are checked for every route by a filter, on their raw form: Helidon decodes bytes that are not
 * UTF-8 (an encoded lone surrogate, {@code %ED%A0%80}) to a replacement character, which would then pass as text.
 * Path parameters are checked where a handler reads one, since only the route knows their names.
 */
public final class RequestParameters {

    private RequestParameters() {
    }

    /** Installs the query check on a routing; every server module's routing goes through this. */
    public static void register(HttpRouting.Builder routing) {
        routing.addFilter((chain, req, res) -> {
            check(req.query());
            chain.proceed();
        });
    }

    /** A path parameter as text, refused with a 400 naming it when it is not safe text. */
    public static String path(ServerRequest req, String name) {
        String value = req.path().pathParameters().get(name);
        if (value.indexOf('\uFFFD') >= 0) {
            // Helidon decoded bytes that are not UTF-8; no identifier of ours contains the replacement character.
            throw notUtf8(name);
        }
        return safe(name, value);
    }

    private static void check(UriQuery query) {
        for (String name : query.names()) {
            String field = SafeText.flaw(name) == null ? name : "query";
            for (String raw : query.getAllRaw(name)) {
                safe(field, decode(field, raw));
            }
        }
    }

    private static String safe(String field, String text) {
        String flaw = SafeText.flaw(text);
        if (flaw != null) {
            throw ProblemException.invalidField(field, field + " holds " + flaw + "; send text without it.");
        }
        return text;
    }

    /** Percent-decodes {@code raw}, refusing what is not UTF-8 instead of replacing it. */
    private static String decode(String field, String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 3;
            } else {
                byte[] plain = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(plain, 0, plain.length);
                i += Character.charCount(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notUtf8(field);
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static ProblemException notUtf8(String field) {
        return ProblemException.invalidField(field, field + " is not UTF-8 text once percent-decoded; encode text "
                + "as UTF-8 before percent-encoding it.");
    }
}
