package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.punchcard.api.v1.PurchaseLimits;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.Tender;
import io.punchcard.api.identity.Identifier;
import io.punchcard.loyalty.member.MemberRequests;
import io.punchcard.loyalty.program.Channel;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Limits;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Violation;

/** Checks purchase requests from the wire and turns them into {@link PurchaseInput}s. */
public final class PurchaseRequests {

    /** A sale stamped this far ahead of our clock is refused: a till's clock that far off needs fixing. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(10);
    /**
     * Live sales older than this are refused: their points would be expired or nearly so. A sale of the past is
     * sent as history, which has no age limit because it earns nothing.
     */
    private static final Duration MAX_AGE = PurchaseLimits.MAX_AGE;
    private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(100_000);

    private PurchaseRequests() {
    }

    /**
     * A purchase to record, or what is wrong with it.
     *
     * @param request    the request
     * @param program    the program in force
     * @param clock      now
     * @param detailJson the request as received, to keep with the purchase
     */
    public static Checked<PurchaseInput> input(RecordPurchase request, Program program, Clock clock, String detailJson) {
        if (request == null) {
            return new Checked.Invalid<>(List.of(new Violation("", "a purchase is required")));
        }
        List<Violation> violations = new ArrayList<>();
        PurchaseSource source = request.source();
        Channel channel = source(violations, source, program, true);
        Limits.required(violations, "externalId", request.externalId());
        Checked<Optional<Identifier>> member = MemberRequests.reference(request.member(), "member", program);
        if (member instanceof Checked.Invalid<Optional<Identifier>> invalid) {
            violations.addAll(invalid.violations());
        }
        Instant now = clock.instant();
        if (request.occurredAt() == null) {
            violations.add(new Violation("occurredAt", "is required"));
        } else if (request.occurredAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
            violations.add(new Violation("occurredAt", "is in the future; check the till's clock"));
        } else if (!request.historical() && request.occurredAt().isBefore(now.minus(MAX_AGE))) {
            violations.add(new Violation("occurredAt", "is more than a year ago; send a sale of the past with "
                    + "\"history\": true to record it without points"));
        }
        if (request.currency() == null || !request.currency().matches("[A-Z]{3}")) {
            violations.add(new Violation("currency", "must be an ISO 4217 code such as " + program.currency()));
        }
        List<PurchaseLine> wireLines = request.lines() == null ? List.of() : request.lines();
        if (wireLines.isEmpty()) {
            violations.add(new Violation("lines", "a purchase has at least one line"));
        } else if (wireLines.size() > Limits.MAX_LINES) {
            violations.add(new Violation("lines", "at most " + Limits.MAX_LINES + " lines"));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < wireLines.size() && i < Limits.MAX_LINES; i++) {
            line(violations, "lines[" + i + "]", wireLines.get(i)).ifPresent(lines::add);
        }
        Limits.amount(violations, "basketDiscountMinor", request.basketDiscountMinor());
        Limits.amount(violations, "taxMinor", request.taxMinor());
        Limits.amount(violations, "shippingMinor", request.shippingMinor());
        if (request.totalMinor() == null) {
            violations.add(new Violation("totalMinor", "is required"));
        } else {
            Limits.amount(violations, "totalMinor", request.totalMinor());
        }
        List<String> vouchers = request.vouchers() == null ? List.of() : request.vouchers();
        Limits.voucherCodes(violations, "vouchers", vouchers);
        if (request.historical() && !vouchers.isEmpty()) {
            // Using a voucher is an effect on the member's wallet today, which a sale of the past must not have.
            violations.add(new Violation("vouchers", "a history sale uses no vouchers; leave them out"));
        }
        tenders(violations, request.tenders());
        Channel sourceChannel = channel;
        return Checked.of(violations, () -> {
            Identifier identifier = ((Checked.Ok<Optional<Identifier>>) member).value().orElse(null);
            Basket basket = new Basket(sourceChannel, source.store(), request.occurredAt(), lines,
                    orZero(request.basketDiscountMinor()), 0, pointsTendered(request.tenders()));
            return new PurchaseInput(source.key(), request.externalId(),
                    request.member() == null ? null : request.member().memberId(), identifier, source.terminal(),
                    basket, request.currency(), request.totalMinor(), orZero(request.taxMinor()),
                    orZero(request.shippingMinor()), vouchers, detailJson, request.historical());
        });
    }

    /**
     * A basket to quote, or what is wrong with it.
     *
     * @param request the quote request
     * @param program the program in force
     * @param clock   now, the default time of the quote
     */
    public static Checked<Quoted> quote(QuoteRequest request, Program program, Clock clock) {
        if (request == null) {
            return new Checked.Invalid<>(List.of(new Violation("", "a basket is required")));
        }
        List<Violation> violations = new ArrayList<>();
        PurchaseSource source = request.source();
        Channel channel = source(violations, source, program, false);
        Checked<Optional<Identifier>> member = MemberRequests.reference(request.member(), "member", program);
        if (member instanceof Checked.Invalid<Optional<Identifier>> invalid) {
            violations.addAll(invalid.violations());
        }
        if (request.currency() != null && !request.currency().equals(program.currency())) {
            violations.add(new Violation("currency", "'" + request.currency() + "' is not the program's currency, "
                    + program.currency()));
        }
        List<PurchaseLine> wireLines = request.lines() == null ? List.of() : request.lines();
        if (wireLines.isEmpty() || wireLines.size() > Limits.MAX_LINES) {
            violations.add(new Violation("lines", "a basket has 1 to " + Limits.MAX_LINES + " lines"));
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < wireLines.size() && i < Limits.MAX_LINES; i++) {
            line(violations, "lines[" + i + "]", wireLines.get(i)).ifPresent(lines::add);
        }
        Limits.amount(violations, "basketDiscountMinor", request.basketDiscountMinor());
        Limits.voucherCodes(violations, "vouchers", request.vouchers());
        Limits.amount(violations, "pointsTenderMinor", request.pointsTenderMinor());
        Channel quoteChannel = channel;
        return Checked.of(violations, () -> new Quoted(
                request.member() == null ? null : request.member().memberId(),
                ((Checked.Ok<Optional<Identifier>>) member).value().orElse(null),
                new Basket(quoteChannel, source.store(), request.occurredAt() == null ? clock.instant() : request.occurredAt(),
                        lines, orZero(request.basketDiscountMinor()), 0, orZero(request.pointsTenderMinor()))));
    }

    /**
     * A checked quote request.
     *
     * @param memberId   the member by id, or null
     * @param identifier the member by identifier, or null
     * @param basket     the basket
     */
    public record Quoted(java.util.UUID memberId, Identifier identifier, Basket basket) {
    }

    private static Optional<Line> line(List<Violation> violations, String path, PurchaseLine line) {
        if (line == null) {
            violations.add(new Violation(path, "is empty"));
            return Optional.empty();
        }
        int before = violations.size();
        Limits.required(violations, path + ".sku", line.sku());
        Limits.text(violations, path + ".category", line.category());
        BigDecimal quantity = line.quantity();
        if (quantity == null) {
            violations.add(new Violation(path + ".quantity", "is required"));
        } else if (quantity.signum() <= 0 || quantity.compareTo(MAX_QUANTITY) > 0 || quantity.stripTrailingZeros().scale() > 3) {
            violations.add(new Violation(path + ".quantity", "must be more than 0, at most 100000, with at most 3 decimals"));
        }
        if (line.unitPriceMinor() == null) {
            violations.add(new Violation(path + ".unitPriceMinor", "is required"));
        } else {
            Limits.amount(violations, path + ".unitPriceMinor", line.unitPriceMinor());
        }
        Limits.amount(violations, path + ".discountMinor", line.discountMinor());
        if (violations.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Line(line.sku(), line.category(), quantity, line.unitPriceMinor(), orZero(line.discountMinor())));
    }

    /** What the sale's POINTS tenders paid; checked (non-negative, bounded) before this is called. */
    private static long pointsTendered(List<Tender> tenders) {
        return tenders == null ? 0 : tenders.stream()
                .filter(t -> "POINTS".equalsIgnoreCase(t.kind()) && t.amountMinor() != null)
                .mapToLong(Tender::amountMinor).sum();
    }

    /** How the sale was paid: kept with it, so bounded like everything else. */
    private static void tenders(List<Violation> violations, List<Tender> tenders) {
        if (tenders == null) {
            return;
        }
        if (tenders.size() > Limits.MAX_TENDERS) {
            violations.add(new Violation("tenders", "at most " + Limits.MAX_TENDERS));
            return;
        }
        for (int i = 0; i < tenders.size(); i++) {
            Limits.required(violations, "tenders[" + i + "].kind", tenders.get(i).kind());
            Limits.amount(violations, "tenders[" + i + "].amountMinor", tenders.get(i).amountMinor());
            Limits.text(violations, "tenders[" + i + "].reference", tenders.get(i).reference());
        }
    }

    /** The source's channel; a store of the program; for a recorded till sale, its terminal. */
    private static Channel source(List<Violation> violations, PurchaseSource source, Program program, boolean recorded) {
        if (source == null) {
            violations.add(new Violation("source", "is required"));
            return null;
        }
        Channel channel = channel(violations, source.channel());
        if (source.store() == null || program.store(source.store()).isEmpty()) {
            violations.add(new Violation("source.store", source.store() == null ? "is required"
                    : "no store '" + source.store() + "' in the program"));
        }
        if (recorded && channel == Channel.POS) {
            Limits.required(violations, "source.terminal", source.terminal());
        } else {
            Limits.text(violations, "source.terminal", source.terminal());
        }
        Limits.text(violations, "source.shop", source.shop());
        return channel;
    }

    private static Channel channel(List<Violation> violations, String raw) {
        if (raw == null) {
            violations.add(new Violation("source.channel", "is required: POS or ONLINE"));
            return null;
        }
        return switch (raw) {
            case "POS" -> Channel.POS;
            case "ONLINE" -> Channel.ONLINE;
            default -> {
                violations.add(new Violation("source.channel", "'" + raw + "' is not POS or ONLINE"));
                yield null;
            }
        };
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
