package io.punchcard.loyalty.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;

/** {@code /api/v1/program}: the program in force; a new version replaces it after validation. */
public final class ProgramService implements HttpService {

    private final Programs programs;

    public ProgramService(Programs programs) {
        this.programs = programs;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> res.send(programs.current()))
                .put("/", this::save);
    }

    private void save(ServerRequest req, ServerResponse res) {
        Program program = req.content().as(Program.class);
        switch (programs.save(program, "api")) {
            case Programs.Accepted accepted -> res.send(accepted.version());
            case Programs.Rejected rejected -> throw Requests.invalid(rejected.violations());
        }
    }
}
