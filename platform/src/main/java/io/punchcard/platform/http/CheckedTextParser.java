package io.punchcard.platform.http;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import io.punchcard.api.SafeText;

/**
 * A parser that refuses {@link SafeText unsafe text} in every string and key as it reads them, whatever type the
 * body is bound to (records, maps, trees), and names where it was by its JSON path. The {@code next…} shortcuts
 * that Jackson's deserializers use are routed through {@link #nextToken()} so no string slips past the check.
 */
final class CheckedTextParser extends JsonParserDelegate {

    CheckedTextParser(JsonParser parser) {
        super(parser);
    }

    /** Unsafe text, where it was found. */
    static final class UnsafeTextException extends JsonParseException {

        private final String field;

        UnsafeTextException(JsonParser parser, String message, String field) {
            super(parser, message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken token = delegate.nextToken();
        if (token == JsonToken.VALUE_STRING) {
            String flaw = SafeText.flaw(delegate.getText());
            if (flaw != null) {
                String field = path(delegate.getParsingContext());
                throw new UnsafeTextException(this, (field == null ? "The body" : "Field '" + field + "'")
                        + " holds " + flaw + "; send text without it.", field);
            }
        } else if (token == JsonToken.FIELD_NAME) {
            String flaw = SafeText.flaw(delegate.currentName());
            if (flaw != null) {
                // The key itself is not a usable name for the field: name the object that holds it.
                String field = path(delegate.getParsingContext().getParent());
                throw new UnsafeTextException(this, "A key " + (field == null ? "of the body" : "in '" + field + "'")
                        + " holds " + flaw + "; send keys without it.", field);
            }
        }
        return token;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    @Override
    public String nextFieldName() throws IOException {
        return nextToken() == JsonToken.FIELD_NAME ? currentName() : null;
    }

    @Override
    public boolean nextFieldName(SerializableString name) throws IOException {
        return nextToken() == JsonToken.FIELD_NAME && name.getValue().equals(currentName());
    }

    @Override
    public String nextTextValue() throws IOException {
        return nextToken() == JsonToken.VALUE_STRING ? getText() : null;
    }

    @Override
    public int nextIntValue(int defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getIntValue() : defaultValue;
    }

    @Override
    public long nextLongValue(long defaultValue) throws IOException {
        return nextToken() == JsonToken.VALUE_NUMBER_INT ? getLongValue() : defaultValue;
    }

    @Override
    public Boolean nextBooleanValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.VALUE_TRUE ? Boolean.TRUE : token == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
    }

    /** The dotted path ({@code lines[0].sku}) of the value the context is at, or null at the top. */
    static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            if (at.inArray()) {
                path.insert(0, "[" + Math.max(0, at.getCurrentIndex()) + "]");
            } else if (at.getCurrentName() != null) {
                path.insert(0, "." + at.getCurrentName());
            }
        }
        return path.isEmpty() ? null : path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }
}
