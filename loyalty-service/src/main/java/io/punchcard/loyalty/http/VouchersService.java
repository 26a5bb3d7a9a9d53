package io.punchcard.loyalty.http;

import java.time.Duration;

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
import io.punchcard.api.v1.VoucherValidation;
import io.punchcard.api.v1.VoucherHeld;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Limits;
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

    public VouchersService(Vouchers vouchers, Programs programs, java.time.Clock clock) {
        this.vouchers = vouchers;
        this.programs = programs;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::issue)
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
        IssueVoucher body = req.content().as(IssueVoucher.class);
        if (body.template() == null || body.template().isBlank()) {
            throw ProblemException.invalidField("template", "Name the voucher template to issue from.");
        }
        if (body.reason() == null || body.reason().isBlank() || body.reason().length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField("reason", "Say why the voucher is issued (at most " + Limits.MAX_TEXT + " characters).");
        }
        if (body.issueId() != null && body.issueId().length() > Limits.MAX_TEXT) {
            throw ProblemException.invalidField("issueId", "At most " + Limits.MAX_TEXT + " characters.");
        }
        switch (vouchers.issue(body.template(), body.memberId(), body.reason(), body.issueId())) {
            case Vouchers.Issued issued -> {
                res.status(issued.replayed() ? Status.OK_200 : Status.CREATED_201);
                res.send(VoucherViews.of(issued.voucher(), currency()));
            }
            case Vouchers.UnknownTemplate unknown -> throw ProblemException.invalidField("template",
                    "The program has no voucher template '" + unknown.template() + "'.");
            case Vouchers.MemberNotFound notFound -> throw ProblemException.invalidField("memberId",
                    "There is no active member " + body.memberId() + ".");
        }
    }

    private void get(ServerRequest req, ServerResponse res) {
        String code = code(req);
        res.send(VoucherViews.of(vouchers.get(code).orElseThrow(() -> notFound(code)), currency()));
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
        var voucher = vouchers.get(code).orElseThrow(() -> notFound(code));
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
