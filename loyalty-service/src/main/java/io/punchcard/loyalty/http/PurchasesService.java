package io.punchcard.loyalty.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.api.v1.PurchaseBatch;
import io.punchcard.api.v1.PurchaseBatchResult;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.access.StoreScope;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.purchase.PurchaseInput;
import io.punchcard.loyalty.purchase.PurchaseQuery;
import io.punchcard.loyalty.purchase.PurchaseRequests;
import io.punchcard.loyalty.purchase.PurchaseSearch;
import io.punchcard.loyalty.purchase.Purchases;
import io.punchcard.platform.http.ProblemException;

/** {@code /api/v1/purchases}: record one purchase, or a batch; list and add up the purchases recorded. */
public final class PurchasesService implements HttpService {

    private final Purchases purchases;
    private final PurchaseSearch search;
    private final Programs programs;
    private final Clock clock;

    public PurchasesService(Purchases purchases, PurchaseSearch search, Programs programs, Clock clock) {
        this.purchases = purchases;
        this.search = search;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list).post("/", this::record).post("/batch", this::batch);
    }

    /**
     * A STORE key sees its own store's purchases: with no {@code store} given, the filter is its store. A store
     * manager sees those of all their stores, or of the one of them {@code store} names.
     */
    private void list(ServerRequest req, ServerResponse res) {
        PurchaseQuery query = Requests.valid(PurchaseQuery.of(name -> req.query().first(name).asOptional()));
        StoreScope scope = Scoping.of(req);
        String onlyStore = scope.limited() ? null : Authentication.onlyStore(req);
        if (scope.limited()) {
            if (query.store() != null) {
                Authentication.requireStore(req, query.store(), "store");
            }
            query = query.within(scope.stores());
        } else if (onlyStore != null) {
            if (query.store() != null) {
                Authentication.requireStore(req, query.store(), "store");
            }
            query = query.inStore(onlyStore);
        }
        PurchaseSearch.Found found = search.search(query);
        res.send(new PurchasePage(found.page().items(), found.totals(),
                found.page().next() == null ? null : found.page().next().encode()));
    }

    private void record(ServerRequest req, ServerResponse res) {
        RecordPurchase request = req.content().as(RecordPurchase.class);
        if (request.source() != null) {
            Authentication.requireStore(req, request.source().store(), "source.store");
        }
        PurchaseInput input = Requests.valid(PurchaseRequests.input(request, programs.current().program(), clock, json(request)));
        switch (purchases.record(input)) {
            case Purchases.Accepted accepted -> {
                res.status(accepted.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(accepted.result());
            }
            case Purchases.UnknownMember unknown -> throw new ProblemException(unknownMember(unknown));
            case Purchases.Rejected rejected -> throw Requests.invalid(rejected.violations());
        }
    }

    private void batch(ServerRequest req, ServerResponse res) {
        PurchaseBatch batch = req.content().as(PurchaseBatch.class);
        if (batch.purchases() == null || batch.purchases().isEmpty() || batch.purchases().size() > Limits.MAX_BATCH) {
            throw ProblemException.invalidField("purchases", "A batch holds 1 to " + Limits.MAX_BATCH + " purchases.");
        }
        List<PurchaseBatchResult.Item> results = new ArrayList<>();
        List<PurchaseInput> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < batch.purchases().size(); i++) {
            RecordPurchase request = batch.purchases().get(i);
            if (request != null && request.source() != null) {
                Authentication.requireStore(req, request.source().store(), "purchases[" + i + "].source.store");
            }
            Checked<PurchaseInput> checked = PurchaseRequests.input(request, programs.current().program(), clock,
                    json(request));
            if (checked instanceof Checked.Invalid<PurchaseInput> invalid) {
                results.add(new PurchaseBatchResult.Item(i, 400, null,
                        prefixed(Requests.invalid(invalid.violations()).problem(), i)));
            } else {
                results.add(null);
                valid.add(((Checked.Ok<PurchaseInput>) checked).value());
                positions.add(i);
            }
        }
        List<Purchases.Recorded> recorded = valid.isEmpty() ? List.of() : purchases.recordAll(valid);
        for (int k = 0; k < positions.size(); k++) {
            results.set(positions.get(k), item(positions.get(k), recorded.get(k)));
        }
        res.send(new PurchaseBatchResult(results));
    }

    private static PurchaseBatchResult.Item item(int index, Purchases.Recorded recorded) {
        return switch (recorded) {
            case Purchases.Accepted accepted -> new PurchaseBatchResult.Item(index, accepted.replayed() ? 200 : 201,
                    accepted.result(), null);
            case Purchases.UnknownMember unknown -> new PurchaseBatchResult.Item(index, 422, null,
                    prefixed(unknownMember(unknown), index));
            case Purchases.Rejected rejected -> new PurchaseBatchResult.Item(index, 400, null,
                    prefixed(Requests.invalid(rejected.violations()).problem(), index));
        };
    }

    private static Problem prefixed(Problem problem, int index) {
        return Batches.prefixed(problem, "purchases[" + index + "]");
    }

    private static Problem unknownMember(Purchases.UnknownMember unknown) {
        return Problem.of("unknown-member", "No such member", 422,
                "No active member matches " + unknown.field() + "; send the sale without a member to keep it anonymous.",
                unknown.field());
    }

    private static String json(RecordPurchase request) {
        try {
            return Json.mapper().writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
