package io.punchcard.platform.http;

import java.util.UUID;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;

/**
 * The one place that turns failures into RFC 9457 problem+json responses. A client never sees a stack
 * trace or a class name; an unexpected failure is logged here with an id that the response repeats, so
 * support can find it.
 */
public final class Problems {

    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    private Problems() {
    }

    /** Installs the error handlers on a routing; every server module's routing goes through this. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ProblemException.class, (req, res, e) -> send(req, res, e.problem()));
        routing.error(JsonBodyException.class, (req, res, e) -> send(req, res,
                Problem.of("invalid-body", "The request body is invalid", 400, e.getMessage(), e.field())));
        routing.error(HttpException.class, Problems::http);
        routing.error(IllegalStateException.class, Problems::noBody);
        routing.error(Exception.class, Problems::unexpected);
    }

    /** Sends a problem as the response, with the request path as its instance. */
    public static void send(ServerRequest req, ServerResponse res, Problem problem) {
        res.status(Status.create(problem.status()));
        res.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        res.send(problem.at(req.path().absolute().path()));
    }

    /** Helidon's own refusals: no such route (404), wrong method, a malformed request line or header. */
    private static void http(ServerRequest req, ServerResponse res, HttpException e) {
        Status status = e.status();
        String slug = switch (status.code()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "body-too-large";
            case 415 -> "unsupported-media-type";
            default -> status.code() < 500 ? "bad-request" : "internal-error";
        };
        String detail = status.code() == 404
                ? "There is nothing at " + req.path().absolute().path() + "; the API is described at /openapi."
                : status.reasonPhrase() + ".";
        send(req, res, Problem.of(slug, status.reasonPhrase(), status.code(), detail, null));
    }

    /**
     * Helidon's answer to reading the body of a request that has none is an IllegalStateException ("No entity")
     * before any reader runs: that is the client's empty body, not our failure.
     */
    private static void noBody(ServerRequest req, ServerResponse res, IllegalStateException e) {
        if (!req.content().hasEntity() && "No entity".equals(e.getMessage())) {
            send(req, res, Problem.of("invalid-body", "The request body is invalid", 400,
                    "The body is empty; send a JSON object.", null));
        } else {
            unexpected(req, res, e);
        }
    }

    private static void unexpected(ServerRequest req, ServerResponse res, Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "Unexpected failure on " + req.prologue().method().text() + " "
                + req.path().absolute().path() + " (incident " + incident + ")", e);
        send(req, res, Problem.of("internal-error", "Something went wrong on our side", 500,
                "The request could not be completed. Quote incident " + incident + " when reporting it.", null));
    }
}
