package io.punchcard.pos.http;

import java.io.InputStream;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.platform.http.ProblemException;
import io.punchcard.pos.poslog.PoslogImport;
import io.punchcard.pos.terminal.Terminals;

/**
 * {@code POST /pos/v1/imports}: a POSLog file as the request body, read as it arrives (never whole in memory),
 * answered with the import report. Bodies are limited by {@code server.max-payload-size}; a store's day of
 * files beyond that goes through the drop folder. {@code ?history=true} imports days before the store joined
 * Punchcard as history: any age, no points.
 */
public final class ImportsService implements HttpService {

    private final PoslogImport importer;
    private final Terminals terminals;
    private final Runnable imported;

    public ImportsService(PoslogImport importer, Terminals terminals, Runnable imported) {
        this.importer = importer;
        this.terminals = terminals;
        this.imported = imported;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::upload);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        TillToken.till(req, terminals);
        String name = req.query().first("name").orElse("upload.xml");
        if (name.length() > 200) {
            throw ProblemException.invalidField("name", "At most 200 characters.");
        }
        PoslogImport.Mode mode = switch (req.query().first("history").orElse("false")) {
            case "false" -> PoslogImport.Mode.LIVE;
            case "true" -> PoslogImport.Mode.HISTORY;
            default -> throw ProblemException.invalidField("history", "history is true (a day of the past, recorded "
                    + "without points) or false (today's sales, the default).");
        };
        if (!req.content().hasEntity()) {
            throw ProblemException.invalidField("body", "Send the POSLog file as the request body.");
        }
        PoslogImport.Report report;
        try (InputStream in = req.content().inputStream()) {
            report = importer.run(in, name, mode);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        imported.run();
        res.send(report);
    }
}
