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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;

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
 * which the problem handler turns into a 400 naming the field.
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
        return readable(type, requestHeaders.contentType());
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

    private <T> T readValue(GenericType<T> type, InputStream stream) {
        JavaType javaType = mapper.constructType(type.type());
        try (stream) {
            T value = mapper.readValue(stream, javaType);
            if (value == null) {
                // A body of "null" is no body: every handler expects an object.
                throw new JsonBodyException("The body is null; send a JSON object.", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw JsonBodyException.from(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
