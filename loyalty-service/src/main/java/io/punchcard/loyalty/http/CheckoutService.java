package io.punchcard.loyalty.http;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.Quote;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.loyalty.member.Member;
import io.punchcard.loyalty.member.Members;
import io.punchcard.loyalty.points.Award;
import io.punchcard.loyalty.points.Checkout;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.points.Points;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.purchase.PurchaseRequests;
import io.punchcard.platform.http.ProblemException;

/** {@code POST /api/v1/checkout/quote}: points to earn, tier discount and usable vouchers for a basket. */
public final class CheckoutService implements HttpService {

    private final Members members;
    private final Points points;
    private final Programs programs;
    private final Clock clock;

    public CheckoutService(Members members, Points points, Programs programs, Clock clock) {
        this.members = members;
        this.points = points;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/quote", this::quote);
    }

    private void quote(ServerRequest req, ServerResponse res) {
        Program program = programs.current().program();
        PurchaseRequests.Quoted quoted = Requests.valid(PurchaseRequests.quote(req.content().as(QuoteRequest.class), program, clock));
        Member member = null;
        if (quoted.memberId() != null) {
            member = members.get(quoted.memberId()).filter(m -> m.status() == Member.Status.ACTIVE)
                    .orElseThrow(() -> unknown("member.memberId"));
        } else if (quoted.identifier() != null) {
            member = members.find(quoted.identifier()).orElseThrow(() -> unknown("member"));
        }
        Tier tier = member == null ? program.tiers().base() : program.tiers().byCode(member.tierCode());
        Checkout.Priced priced = Checkout.quote(program, quoted.basket(), tier);
        Award award = priced.award();
        long earn = member == null ? 0 : award.points();
        UUID memberId = member == null ? null : member.id();
        long available = memberId == null ? 0 : points.balance(memberId).map(Lots.Balance::available).orElse(0L);
        res.send(new Quote(memberId, member == null ? null : tier.code(), award.eligibleMinor(),
                member == null ? 0 : priced.tierDiscountMinor(), earn, member == null ? List.of() : award.breakdown(),
                available, List.of()));
    }

    private static ProblemException unknown(String field) {
        return new ProblemException(Problem.of("unknown-member", "No such member", 422,
                "No active member matches " + field + ".", field));
    }
}
