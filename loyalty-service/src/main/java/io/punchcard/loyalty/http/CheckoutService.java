package io.punchcard.loyalty.http;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
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
import io.punchcard.loyalty.points.Evaluator;
import io.punchcard.loyalty.program.VoucherTemplate;
import io.punchcard.loyalty.purchase.Basket;
import io.punchcard.loyalty.purchase.PurchaseRequests;
import io.punchcard.loyalty.voucher.Voucher;
import io.punchcard.loyalty.voucher.VoucherCodes;
import io.punchcard.loyalty.voucher.Vouchers;
import io.punchcard.platform.http.ProblemException;

/** {@code POST /api/v1/checkout/quote}: points to earn, tier discount and usable vouchers for a basket. */
public final class CheckoutService implements HttpService {

    private final Members members;
    private final Points points;
    private final Vouchers vouchers;
    private final Programs programs;
    private final Clock clock;

    public CheckoutService(Members members, Points points, Vouchers vouchers, Programs programs, Clock clock) {
        this.members = members;
        this.points = points;
        this.vouchers = vouchers;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/quote", this::quote);
    }

    private void quote(ServerRequest req, ServerResponse res) {
        Program program = programs.current().program();
        QuoteRequest request = req.content().as(QuoteRequest.class);
        PurchaseRequests.Quoted quoted = Requests.valid(PurchaseRequests.quote(request, program, clock));
        Member member = null;
        if (quoted.memberId() != null) {
            member = members.get(quoted.memberId()).filter(m -> m.status() == Member.Status.ACTIVE)
                    .orElseThrow(() -> unknown("member.memberId"));
        } else if (quoted.identifier() != null) {
            member = members.find(quoted.identifier()).orElseThrow(() -> unknown("member"));
        }
        Tier tier = member == null ? program.tiers().base() : program.tiers().byCode(member.tierCode());
        UUID forMember = member == null ? null : member.id();
        Basket basket = quoted.basket();
        Instant now = clock.instant();
        // Vouchers apply to the price: their minimum spend and discount are measured before points paid as a tender.
        long eligible = Evaluator.evaluate(program, basket.withPointsTender(0), tier).eligibleMinor();
        // The vouchers the sale names, in order: each is checked against the basket before any voucher took its
        // part (as its hold was), and takes its part off what the ones before it left; a points multiplier
        // multiplies. The tier's discount comes last, on what the vouchers left.
        int multiplier = 0;
        long voucherDiscount = 0;
        List<Quote.AppliedVoucher> applied = new ArrayList<>();
        for (String typed : request.vouchers() == null ? List.<String>of() : new LinkedHashSet<>(request.vouchers())) {
            Optional<Voucher> found = VoucherCodes.normalise(typed).flatMap(vouchers::get);
            if (found.isEmpty()) {
                applied.add(new Quote.AppliedVoucher(typed, null, null, false, "there is no such voucher", 0));
                continue;
            }
            Voucher voucher = found.get();
            String refusal = voucher.refusal(forMember, basket.channel(), basket.store(), eligible, now);
            long discount = refusal == null ? voucher.discountOn(eligible - voucherDiscount) : 0;
            voucherDiscount += discount;
            applied.add(new Quote.AppliedVoucher(voucher.code(), voucher.template().displayName(program.currency()),
                    voucher.template().kind().name(), refusal == null, refusal, discount));
            if (refusal == null && voucher.template().kind() == VoucherTemplate.Kind.POINTS_MULTIPLIER) {
                multiplier = Math.max(multiplier, voucher.template().multiplierPercent());
            }
        }
        Checkout.Priced priced = Checkout.quote(program,
                basket.withMoreDiscount(voucherDiscount).withVoucherMultiplier(multiplier), tier);
        List<String> usable = forMember == null ? List.of() : vouchers.usable(forMember).stream()
                .filter(v -> v.refusal(forMember, basket.channel(), basket.store(), eligible, now) == null)
                .map(Voucher::code).toList();
        Award award = priced.award();
        long earn = member == null ? 0 : award.points();
        UUID memberId = member == null ? null : member.id();
        long available = memberId == null ? 0 : points.balance(memberId).map(Lots.Balance::available).orElse(0L);
        res.send(new Quote(memberId, member == null ? null : tier.code(), award.eligibleMinor(),
                member == null ? 0 : priced.tierDiscountMinor(), voucherDiscount, applied, earn, member == null ? List.of() : award.breakdown(),
                available, usable));
    }

    private static ProblemException unknown(String field) {
        return new ProblemException(Problem.of("unknown-member", "No such member", 422,
                "No active member matches " + field + ".", field));
    }
}
