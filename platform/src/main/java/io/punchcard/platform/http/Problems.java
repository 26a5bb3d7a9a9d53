package io.punchcard.platform.http;

import java.util.UUID;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.platform.store.CommitOutcomeUnknown;
import io.punchcard.platform.store.Unreachable;

/**
 * The one place that turns failures into RFC 9457 problem+json responses. A client never sees a stack
 * trace or a class name; an unexpected failure is logged here with an id that the response repeats, so
 * support can find it.
 */
public final class Problems {

    private static final System.Logger LOG = System.getLogger(Problems.class.getName());

    /** What a caller should wait before trying again while the database is out of reach. */
    private static final int RETRY_AFTER_SECONDS = 2;

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
        if (storeOutage(req, res, e)) {
            return;
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "Unexpected failure on " + req.prologue().method().text() + " "
                + req.path().absolute().path() + " (incident " + incident + ")", e);
        send(req, res, Problem.of("internal-error", "Something went wrong on our side", 500,
                "The request could not be completed. Quote incident " + incident + " when reporting it.", null));
    }

    /**
     * A database out of reach is an outage, not a bug: 503, which says the request was not carried out (a
     * transaction that lost its connection before committing is rolled back by the server), and a
     * {@code Retry-After}. A commit whose answer was lost may have been saved: that is a 504, which a client
     * retries only with a write it can repeat safely. Neither is logged with a stack trace per request: an
     * outage would bury everything else.
     */
    private static boolean storeOutage(ServerRequest req, ServerResponse res, Exception e) {
        String where = req.prologue().method().text() + " " + req.path().absolute().path();
        if (causedBy(e, CommitOutcomeUnknown.class)) {
            LOG.log(System.Logger.Level.WARNING, "Database connection lost while committing " + where
                    + ": the change may or may not be saved (" + e.getMessage() + ")");
            send(req, res, Problem.of("outcome-unknown", "Outcome unknown", 504, "The database connection broke while "
                    + "this change was being saved: it may or may not have been. Send it again with the same id "
                    + "(a repeat is answered, not applied twice), or look it up before doing anything else.", null));
            return true;
        }
        if (Unreachable.causedBy(e)) {
            LOG.log(System.Logger.Level.WARNING, "Database out of reach on " + where + ": " + e.getMessage());
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            send(req, res, Problem.of("database-unavailable", "Service unavailable", 503, "The database can't be "
                    + "reached right now; the request was not completed. Try again in a few seconds.", null));
            return true;
        }
        return false;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < 20; cause = cause.getCause(), depth++) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
