package io.punchcard.loyalty.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.HoldVoucher;
import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.api.v1.SettleHold;
import io.punchcard.api.v1.ValidateVoucher;
import io.punchcard.api.v1.VoucherBatch;
import io.punchcard.api.v1.VoucherBatchResult;
import io.punchcard.api.v1.VoucherValidation;
import io.punchcard.api.v1.VoucherHeld;
import io.punchcard.loyalty.access.Access;
import io.punchcard.loyalty.member.MemberStores;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.voucher.IssueRequest;
import io.punchcard.loyalty.voucher.IssueRequests;
import io.punchcard.loyalty.voucher.VoucherCodes;
import io.punchcard.loyalty.voucher.VoucherViews;
import io.punchcard.loyalty.voucher.Vouchers;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;

/**
 * {@code /api/v1/vouchers}: issue; look up; hold one use for an open sale, use it on the sale, or let it go.
 */
public final class VouchersService implements HttpService {

    private static final int DEFAULT_HOLD_SECONDS = 900;
    private static final int MAX_HOLD_SECONDS = 86_400;

    private final Vouchers vouchers;
    private final Programs programs;
    private final java.time.Clock clock;
    private final Scoping scoping;

    public VouchersService(Vouchers vouchers, Programs programs, MemberStores stores, java.time.Clock clock) {
        this.scoping = new Scoping(stores);
        this.vouchers = vouchers;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::issue)
                .post("/batch", this::batch)
                .get("/{code}", this::get)
                .post("/{code}/validate", this::validate)
                .post("/{code}/holds", this::hold)
                .post("/{code}/commit", this::commit)
                .post("/{code}/release", this::release);
    }

    private String currency() {
        return programs.current().program().currency();
    }

    private void issue(ServerRequest req, ServerResponse res) {
        IssueRequest request = Requests.valid(IssueRequests.check(IssueRequests.of(req.content().as(IssueVoucher.class)),
                false));
        scoping.require(req, request.memberId(), "memberId");
        switch (vouchers.issue(request, Authentication.actor(req))) {
            case Vouchers.Issued issued -> {
                res.status(issued.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(VoucherViews.of(issued.voucher(), currency()));
            }
            case Vouchers.UnknownTemplate unknown -> throw new ProblemException(unknownTemplate(unknown));
            case Vouchers.MemberNotFound notFound -> throw new ProblemException(memberNotFound(request));
            case Vouchers.IssueIdTaken taken -> throw new ProblemException(issueIdTaken());
        }
    }

    /** Many vouchers in one call, each answered on its own as {@link #issue} answers it. */
    private void batch(ServerRequest req, ServerResponse res) {
        List<VoucherBatch.Issue> items = Batches.wellFormed(req.content().as(VoucherBatch.class).items(), "items",
                VoucherBatch.MAX_ITEMS, item -> IssueRequests.missing(item, true));
        List<VoucherBatchResult.Item> results = new ArrayList<>();
        List<IssueRequest> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            switch (IssueRequests.check(items.get(i), true)) {
                case Checked.Ok<IssueRequest> ok -> {
                    results.add(null);
                    valid.add(ok.value());
                    positions.add(i);
                }
                case Checked.Invalid<IssueRequest> invalid -> results.add(refused(i, items.get(i),
                        Requests.invalid(invalid.violations()).problem()));
            }
        }
        List<Vouchers.Issue> outcomes = valid.isEmpty() ? List.of() : vouchers.issueAll(valid, Authentication.actor(req));
        String currency = currency();
        for (int k = 0; k < positions.size(); k++) {
            int i = positions.get(k);
            VoucherBatch.Issue item = items.get(i);
            results.set(i, switch (outcomes.get(k)) {
                case Vouchers.Issued issued -> new VoucherBatchResult.Item(i, issued.replayed() ? 200 : 201,
                        item.issueId(), VoucherViews.of(issued.voucher(), currency), null);
                case Vouchers.UnknownTemplate unknown -> refused(i, item, unknownTemplate(unknown));
                case Vouchers.MemberNotFound notFound -> refused(i, item, memberNotFound(valid.get(k)));
                case Vouchers.IssueIdTaken taken -> refused(i, item, issueIdTaken());
            });
        }
        res.send(new VoucherBatchResult(results));
    }

    private static VoucherBatchResult.Item refused(int index, VoucherBatch.Issue item, Problem problem) {
        return new VoucherBatchResult.Item(index, problem.status(), item.issueId(), null,
                Batches.prefixed(problem, "items[" + index + "]"));
    }

    private static Problem unknownTemplate(Vouchers.UnknownTemplate unknown) {
        return Problem.of("invalid-field", "A request field is invalid", 400,
                "The program has no voucher template '" + unknown.template() + "'.", "template");
    }

    private static Problem memberNotFound(IssueRequest request) {
        return Problem.of("invalid-field", "A request field is invalid", 400,
                "There is no active member " + request.memberId() + ".", "memberId");
    }

    private static Problem issueIdTaken() {
        return Problem.of("issue-id-taken", "Issue id already used", 409, "This issueId was already used for a "
                + "different voucher; a retry must repeat the same request, and a new voucher needs a new id.",
                "issueId");
    }

    private void get(ServerRequest req, ServerResponse res) {
        String code = code(req);
        res.send(VoucherViews.of(visible(req, code), currency()));
    }

    /** The voucher with {@code code}, if the caller may see it: a kiosk session sees its own member's only. */
    private io.punchcard.loyalty.voucher.Voucher visible(ServerRequest req, String code) {
        var voucher = vouchers.get(code).orElseThrow(() -> notFound(code));
        Authentication.kioskMember(req).filter(member -> !member.equals(voucher.memberId())).ifPresent(member -> {
            throw new ProblemException(Authentication.problem(Access.notTheSessionsMember(member, "code")));
        });
        return voucher;
    }

    private void validate(ServerRequest req, ServerResponse res) {
        String code = code(req);
        ValidateVoucher body = req.content().as(ValidateVoucher.class);
        io.punchcard.loyalty.program.Channel channel = null;
        if (body.channel() != null) {
            try {
                channel = io.punchcard.loyalty.program.Channel.valueOf(body.channel());
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("channel", "channel is POS, ONLINE or KIOSK.");
            }
        }
        long eligible = body.eligibleMinor() == null ? 0 : body.eligibleMinor();
        if (eligible < 0 || eligible > Limits.MAX_AMOUNT_MINOR) {
            throw ProblemException.invalidField("eligibleMinor", "eligibleMinor must be between 0 and " + Limits.MAX_AMOUNT_MINOR + ".");
        }
        var voucher = visible(req, code);
        String refusal = voucher.refusal(body.memberId(), channel, body.store(), eligible, java.time.Instant.now(clock));
        res.send(new VoucherValidation(refusal == null, refusal, refusal == null ? voucher.discountOn(eligible) : 0,
                VoucherViews.of(voucher, currency())));
    }

    private void hold(ServerRequest req, ServerResponse res) {
        String code = code(req);
        HoldVoucher body = req.content().as(HoldVoucher.class);
        saleRef(body.saleRef());
        int seconds = body.holdSeconds() == null ? DEFAULT_HOLD_SECONDS : body.holdSeconds();
        if (seconds < 1 || seconds > MAX_HOLD_SECONDS) {
            throw ProblemException.invalidField("holdSeconds", "A hold lasts 1 to " + MAX_HOLD_SECONDS + " seconds.");
        }
        switch (vouchers.reserve(code, body.saleRef(), body.memberId(), Duration.ofSeconds(seconds))) {
            case Vouchers.Held held -> {
                res.status(held.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(new VoucherHeld(held.reservationId(), held.heldUntil()));
            }
            case Vouchers.Refused refused -> throw refused(refused);
            case Vouchers.NotFound notFound -> throw notFound(code);
        }
    }

    private void commit(ServerRequest req, ServerResponse res) {
        settle(res, code(req), vouchers.commit(code(req), saleRef(req.content().as(SettleHold.class).saleRef())));
    }

    private void release(ServerRequest req, ServerResponse res) {
        settle(res, code(req), vouchers.release(code(req), saleRef(req.content().as(SettleHold.class).saleRef())));
    }

    private void settle(ServerResponse res, String code, Vouchers.Settle outcome) {
        switch (outcome) {
            case Vouchers.Settled settled -> res.send(VoucherViews.of(settled.voucher(), currency()));
            case Vouchers.Refused refused -> throw refused(refused);
            case Vouchers.NotFound notFound -> throw notFound(code);
        }
    }

    private static String code(ServerRequest req) {
        String raw = RequestParameters.path(req, "code");
        return VoucherCodes.normalise(raw).orElseThrow(() -> new ProblemException(Problem.of("invalid-voucher-code",
                "Not a voucher code", 400, (raw.length() > 32 ? "This" : "'" + raw + "'")
                        + " is not a voucher code; check it for typos.", "code")));
    }

    private static String saleRef(String saleRef) {
        if (saleRef == null || saleRef.isBlank() || saleRef.length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField("saleRef", "Name the sale (at most " + Limits.MAX_TEXT + " characters).");
        }
        return saleRef;
    }

    private static ProblemException refused(Vouchers.Refused refused) {
        return new ProblemException(Problem.of("voucher-refused", "The voucher cannot be used", 409,
                "Refused: " + refused.reason() + ".", "code"));
    }

    private static ProblemException notFound(String code) {
        return new ProblemException(Problem.of("voucher-not-found", "No such voucher", 404,
                "No voucher has the code " + code + ".", "code"));
    }
}
