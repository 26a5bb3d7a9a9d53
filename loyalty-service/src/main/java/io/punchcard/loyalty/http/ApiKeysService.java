package io.punchcard.loyalty.http;

import java.util.Locale;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.loyalty.access.ApiKeys;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/** {@code /api/v1/admin/api-keys}: create, list and revoke API keys (ADMIN keys only). */
public final class ApiKeysService implements HttpService {

    private final ApiKeys keys;
    private final Programs programs;

    public ApiKeysService(ApiKeys keys, Programs programs) {
        this.keys = keys;
        this.programs = programs;
    }

    /**
     * {@code POST} body.
     *
     * @param name  what the key is for, e.g. {@code S001 till 3}
     * @param scope ADMIN, CONNECTOR, STORE, KIOSK or CONSOLE
     * @param store the store, for STORE keys
     */
    record NewKey(String name, String scope, String store) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::create)
                .get("/", (req, res) -> res.send(keys.list()))
                .delete("/{id}", this::revoke);
    }

    private void create(ServerRequest req, ServerResponse res) {
        NewKey body = req.content().as(NewKey.class);
        if (body.name() == null || body.name().isBlank() || body.name().length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField("name", "Name the key after the device or service that holds it.");
        }
        Scope scope;
        try {
            scope = Scope.valueOf(String.valueOf(body.scope()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("scope", "scope is ADMIN, CONNECTOR, STORE, KIOSK or CONSOLE.");
        }
        if (scope == Scope.STORE && (body.store() == null || programs.current().program().store(body.store()).isEmpty())) {
            throw ProblemException.invalidField("store", "A STORE key needs a store of the program.");
        }
        if (scope != Scope.STORE && body.store() != null) {
            // Kept as given it would be an unchecked, unlimited text on a key it means nothing to.
            throw ProblemException.invalidField("store", "Only a STORE key has a store; leave store out for a "
                    + scope + " key.");
        }
        res.status(Status.CREATED_201);
        res.send(keys.create(body.name(), scope, body.store()));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        String id = RequestParameters.path(req, "id");
        if (!keys.revoke(id)) {
            throw new ProblemException(Problem.of("not-found", "No such key", 404, "There is no API key " + id + ".", "id"));
        }
        res.status(Status.NO_CONTENT_204).send();
    }
}
