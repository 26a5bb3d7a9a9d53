package io.punchcard.platform.http.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.SafeText;

/**
 * A form one of our server-rendered pages sent ({@code application/x-www-form-urlencoded}: the kiosk's, the
 * console's), read with our own limits: a few kilobytes, each field once, UTF-8 only, no control characters.
 * Anything else is {@link Refused}, which the pages answer with a 400 page of their own.
 */
public final class Form {

    /** The largest of our forms holds a few short fields. Twice that is no form of ours. */
    public static final int MAX_BYTES = 16 * 1024;
    /** A field longer than this is no answer a person typed. */
    public static final int MAX_FIELD_CHARS = 320;
    private static final int MAX_FIELDS = 20;

    /** The body is not a kiosk form. */
    public static final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Map<String, String> fields;

    private Form(Map<String, String> fields) {
        this.fields = fields;
    }

    /** The request's form. */
    public static Form read(ServerRequest req) {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new Refused(415, "not a form");
        }
        if (!req.content().hasEntity()) {
            return new Form(Map.of());
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw new Refused(413, "form too large");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(new String(body, StandardCharsets.ISO_8859_1));
    }

    /** Parses an url-encoded body (its bytes as Latin-1 characters, so each escape is checked as UTF-8). */
    public static Form parse(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body.isEmpty()) {
            return new Form(fields);
        }
        String[] pairs = body.split("&", -1);
        if (pairs.length > MAX_FIELDS) {
            throw new Refused(400, "too many fields");
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (value.length() > MAX_FIELD_CHARS || SafeText.flaw(value) != null || SafeText.flaw(name) != null) {
                throw new Refused(400, "field " + name + " is not text a person typed");
            }
            if (fields.putIfAbsent(name, value) != null) {
                throw new Refused(400, "field " + name + " sent twice");
            }
        }
        return new Form(fields);
    }

    /** The field's value, stripped; empty when not sent. */
    public String get(String name) {
        return fields.getOrDefault(name, "").strip();
    }

    /** The field's value, or null when not sent or blank. */
    public String optional(String name) {
        String value = get(name);
        return value.isEmpty() ? null : value;
    }

    private static String decode(String raw) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new Refused(400, "a broken escape");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c > 0x7f) {
                throw new Refused(400, "a character a browser escapes");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(400, "not UTF-8");
        }
    }
}
