package io.punchcard.platform.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.Problem;

/**
 * Requests Helidon refuses before routing (a malformed query, a body over the limit, a bad header) get a
 * problem+json body like every other refusal, instead of Helidon's plain text.
 */
public final class ProblemDirectHandler implements DirectHandler {

    private ProblemDirectHandler() {
    }

    /** Direct handlers for every event type, answering with problems. */
    public static DirectHandlers all() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        ProblemDirectHandler handler = new ProblemDirectHandler();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        // By status first: Helidon reports a body over the limit as a bad request with status 413.
        String slug = switch (status.code()) {
            case 413 -> "body-too-large";
            case 403 -> "forbidden";
            default -> eventType == EventType.PAYLOAD_TOO_LARGE ? "body-too-large"
                    : status.code() >= 500 || eventType == EventType.INTERNAL_ERROR ? "internal-error" : "bad-request";
        };
        // Helidon's messages for refusals name the offending part of the request; for internal errors they may
        // name our code, so those get a fixed text.
        String detail = eventType == EventType.INTERNAL_ERROR || status.code() >= 500
                ? "The request could not be completed."
                : slug.equals("body-too-large") ? "The request body is larger than this server accepts."
                : unescape(message) + " Percent-encode reserved characters such as ':'.";
        Problem problem = Problem.of(slug, status.reasonPhrase(), status.code(), detail, null).at(request.path());
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = new byte[0];
        }
        headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(body)
                .build();
    }

    private static String unescape(String message) {
        if (message == null) {
            return "The request is malformed.";
        }
        return message.replace("&#x27;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
