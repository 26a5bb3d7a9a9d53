package io.punchcard.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.helidon.common.GenericType;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpMediaType;
import io.helidon.http.WritableHeaders;
import io.helidon.http.media.EntityReader;
import io.helidon.http.media.EntityWriter;
import io.helidon.http.media.MediaSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.punchcard.api.Problem;

/**
 * JSON bodies through Jackson for the Helidon web server and web client.
 *
 * <p>Ours rather than {@code helidon-http-media-jackson}: that artifact does not exist for Helidon 4.1.7, and
 * taking the 4.1.3 one would put two Helidon versions on one class path (the dependency-convergence rule
 * rejects that, rightly). This class is the whole of what we need: read and write any type except the
 * ones Helidon's built-in supports already own (strings, bytes, streams), for {@code application/json} and
 * any {@code +json} type such as {@code application/problem+json}.
 *
 * <p>A body that is not valid JSON, or does not fit the target type, surfaces as {@link JsonBodyException},
 * which the problem handler turns into a 400 naming the field. Request bodies are read strictly: one JSON value
 * and nothing after it, no empty body, no {@link SafeText unsafe text} in any string, and the mapper's own
 * strictness (no coercion between kinds of values). A body the server is asked to read as JSON but labelled as
 * another media type (text, XML, a form) is a 415: guessing would read a form as garbage JSON.
 */
public final class JacksonMediaSupport implements MediaSupport {

    private final ObjectMapper mapper;

    private JacksonMediaSupport(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Media support over the given mapper. */
    public static JacksonMediaSupport create(ObjectMapper mapper) {
        return new JacksonMediaSupport(mapper);
    }

    @Override
    public String name() {
        return "punchcard-jackson";
    }

    @Override
    public String type() {
        return "jackson";
    }

    @Override
    public <T> ReaderResponse<T> reader(GenericType<T> type, Headers requestHeaders) {
        Optional<HttpMediaType> contentType = requestHeaders.contentType();
        if (ownsType(type) && contentType.isPresent() && !isJson(contentType.get())) {
            // A server reading a request: answer what the client sent wrong, rather than "no reader" (a 500).
            return new ReaderResponse<>(SupportLevel.COMPATIBLE, () -> unsupported(contentType.get()));
        }
        return readable(type, contentType);
    }

    @Override
    public <T> ReaderResponse<T> reader(GenericType<T> type, Headers requestHeaders, Headers responseHeaders) {
        return readable(type, responseHeaders.contentType());
    }

    @Override
    public <T> WriterResponse<T> writer(GenericType<T> type, Headers requestHeaders, WritableHeaders<?> responseHeaders) {
        return writable(type, responseHeaders.contentType());
    }

    @Override
    public <T> WriterResponse<T> writer(GenericType<T> type, WritableHeaders<?> requestHeaders) {
        return writable(type, requestHeaders.contentType());
    }

    private <T> WriterResponse<T> writable(GenericType<T> type, Optional<HttpMediaType> chosen) {
        // No content type chosen yet means ours to choose: JSON is what this API speaks.
        if (ownsType(type) && chosen.map(JacksonMediaSupport::isJson).orElse(true)) {
            return new WriterResponse<>(SupportLevel.COMPATIBLE, this::writer);
        }
        return WriterResponse.unsupported();
    }

    private <T> ReaderResponse<T> readable(GenericType<T> type, Optional<HttpMediaType> contentType) {
        // A JSON API client that forgets the Content-Type header still means JSON.
        if (ownsType(type) && contentType.map(JacksonMediaSupport::isJson).orElse(true)) {
            return new ReaderResponse<>(SupportLevel.COMPATIBLE, this::reader);
        }
        return ReaderResponse.unsupported();
    }

    private static boolean ownsType(GenericType<?> type) {
        Class<?> raw = type.rawType();
        return !(CharSequence.class.isAssignableFrom(raw)
                || raw == byte[].class
                || InputStream.class.isAssignableFrom(raw)
                || raw.getName().startsWith("jakarta.json"));
    }

    static boolean isJson(HttpMediaType mediaType) {
        return mediaType.test(MediaTypes.APPLICATION_JSON) || mediaType.subtype().endsWith("+json");
    }

    private <T> EntityReader<T> reader() {
        return new EntityReader<>() {
            @Override
            public T read(GenericType<T> type, InputStream stream, Headers headers) {
                return readValue(type, stream);
            }

            @Override
            public T read(GenericType<T> type, InputStream stream, Headers requestHeaders, Headers responseHeaders) {
                return readValue(type, stream);
            }
        };
    }

    private static <T> EntityReader<T> unsupported(HttpMediaType contentType) {
        return new EntityReader<>() {
            @Override
            public T read(GenericType<T> type, InputStream stream, Headers headers) {
                throw new ProblemException(Problem.of("unsupported-media-type", "Unsupported Media Type", 415,
                        "This request takes a JSON body (Content-Type: application/json), not "
                                + contentType.mediaType().text() + ".", "Content-Type"));
            }

            @Override
            public T read(GenericType<T> type, InputStream stream, Headers requestHeaders, Headers responseHeaders) {
                return read(type, stream, requestHeaders);
            }
        };
    }

    private <T> T readValue(GenericType<T> type, InputStream stream) {
        return JsonBodies.read(mapper, mapper.constructType(type.type()), stream);
    }

    private <T> EntityWriter<T> writer() {
        return new EntityWriter<>() {
            @Override
            public void write(GenericType<T> type, T object, OutputStream out,
                              Headers requestHeaders, WritableHeaders<?> responseHeaders) {
                writeValue(object, out, responseHeaders);
            }

            @Override
            public void write(GenericType<T> type, T object, OutputStream out, WritableHeaders<?> headers) {
                writeValue(object, out, headers);
            }
        };
    }

    private void writeValue(Object object, OutputStream out, WritableHeaders<?> headers) {
        if (!headers.contains(io.helidon.http.HeaderNames.CONTENT_TYPE)) {
            headers.set(HeaderValues.CONTENT_TYPE_JSON);
        }
        try (out) {
            mapper.writeValue(out, object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
