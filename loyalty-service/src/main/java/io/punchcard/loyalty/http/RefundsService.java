package io.punchcard.loyalty.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.purchase.RefundRequests;
import io.punchcard.loyalty.purchase.Refunds;
import io.punchcard.platform.http.ProblemException;

/** {@code POST /api/v1/refunds}: a refund of a recorded purchase, by lines or by amount. */
public final class RefundsService implements HttpService {

    private final Refunds refunds;

    public RefundsService(Refunds refunds) {
        this.refunds = refunds;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::record);
    }

    private void record(ServerRequest req, ServerResponse res) {
        RecordRefund request = Requests.valid(RefundRequests.check(req.content().as(RecordRefund.class)));
        Authentication.requireStore(req, request.source().store(), "source.store");
        switch (refunds.record(request.source().key(), request, Authentication.onlyStore(req))) {
            case Refunds.Accepted accepted -> {
                res.status(accepted.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(accepted.result());
            }
            case Refunds.UnknownPurchase unknown -> throw new ProblemException(Problem.of("unknown-purchase",
                    "No such purchase", 422, "No recorded purchase matches " + unknown.field() + ".", unknown.field()));
            case Refunds.OtherStore other -> throw new ProblemException(Problem.of("forbidden", "Not allowed for this key",
                    403, (other.store() == null ? "The purchase was not made in a store" : "The purchase was made in store "
                    + other.store()) + "; this key refunds only its own store's purchases.",
                    request.purchaseId() != null ? "purchaseId" : "purchaseExternalId"));
            case Refunds.Rejected rejected -> throw Requests.invalid(rejected.violations());
        }
    }
}
