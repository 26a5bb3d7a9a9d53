package io.punchcard.pos.sale;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.punchcard.api.Problem;
import io.punchcard.api.identity.IdentifierKind;
import io.punchcard.api.identity.Identifiers;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLimits;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.Tender;
import io.punchcard.platform.http.ProblemException;

/**
 * The core's limits on a sale, checked before the till is told it is kept: a sale the core would refuse for good
 * must be refused now, while the cashier is there, not set aside later where nobody sees it. The same bounds as
 * the core's ({@code Limits}, {@code PurchaseRequests}); what depends on the program (stores, currency, the
 * member's existence) is the core's to check.
 */
public final class SaleChecks {

    public static final int MAX_TEXT = PurchaseLimits.MAX_TEXT;
    public static final int MAX_LINES = PurchaseLimits.MAX_LINES;
    public static final int MAX_LIST = PurchaseLimits.MAX_LIST;
    public static final long MAX_AMOUNT_MINOR = PurchaseLimits.MAX_AMOUNT_MINOR;
    private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(100_000);
    /** The core refuses sales further in the future than this, by its clock. */
    private static final Duration FUTURE = Duration.ofMinutes(5);
    /** And older than a year: a day less here, so a sale queued through an outage still arrives in time. */
    private static final Duration PAST = PurchaseLimits.connectorMaxAge();

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** Throws the problem listing every error found, if any. */
    public void done() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
    }

    public SaleChecks lines(String field, List<PurchaseLine> lines) {
        if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
            errors.add(new Problem.FieldError(field, "a sale has 1 to " + MAX_LINES + " lines"));
            return this;
        }
        for (int i = 0; i < lines.size(); i++) {
            PurchaseLine line = lines.get(i);
            String path = field + "[" + i + "]";
            if (line == null) {
                errors.add(new Problem.FieldError(path, "is empty"));
                continue;
            }
            required(path + ".sku", line.sku());
            text(path + ".category", line.category());
            quantity(path + ".quantity", line.quantity());
            if (line.unitPriceMinor() == null) {
                errors.add(new Problem.FieldError(path + ".unitPriceMinor", "is required"));
            }
            amount(path + ".unitPriceMinor", line.unitPriceMinor());
            amount(path + ".discountMinor", line.discountMinor());
        }
        return this;
    }

    public SaleChecks quantity(String field, BigDecimal quantity) {
        if (quantity == null) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (quantity.signum() <= 0 || quantity.compareTo(MAX_QUANTITY) > 0
                || quantity.stripTrailingZeros().scale() > 3) {
            errors.add(new Problem.FieldError(field, "must be more than 0, at most 100000, with at most 3 decimals"));
        }
        return this;
    }

    public SaleChecks tenders(List<Tender> tenders) {
        if (tenders == null) {
            return this;
        }
        if (tenders.size() > MAX_LIST) {
            errors.add(new Problem.FieldError("tenders", "at most " + MAX_LIST));
            return this;
        }
        for (int i = 0; i < tenders.size(); i++) {
            Tender tender = tenders.get(i);
            if (tender == null) {
                errors.add(new Problem.FieldError("tenders[" + i + "]", "is empty"));
                continue;
            }
            required("tenders[" + i + "].kind", tender.kind());
            amount("tenders[" + i + "].amountMinor", tender.amountMinor());
            text("tenders[" + i + "].reference", tender.reference());
        }
        return this;
    }

    public SaleChecks codes(String field, List<String> codes) {
        if (codes != null && codes.size() > MAX_LIST) {
            errors.add(new Problem.FieldError(field, "at most " + MAX_LIST));
        } else if (codes != null) {
            for (int i = 0; i < codes.size(); i++) {
                required(field + "[" + i + "]", codes.get(i));
            }
        }
        return this;
    }

    /** The errors found so far. */
    public List<Problem.FieldError> errors() {
        return List.copyOf(errors);
    }

    /** Everything the core checks of a sale's own fields, for a sale made elsewhere (a POSLog file). */
    public SaleChecks purchase(RecordPurchase sale, Instant now) {
        lines("lines", sale.lines()).member("member", sale.member())
                .amount("basketDiscountMinor", sale.basketDiscountMinor()).amount("taxMinor", sale.taxMinor())
                .amount("totalMinor", sale.totalMinor()).tenders(sale.tenders()).codes("vouchers", sale.vouchers());
        if (sale.historical()) {
            notInFuture("occurredAt", sale.occurredAt(), now);
        } else {
            time("occurredAt", sale.occurredAt(), now);
        }
        if (sale.totalMinor() == null) {
            required("totalMinor", null);
        }
        return this;
    }

    /**
     * The shopper named one way — a member id or one identifier — and each identifier well-formed, as the core
     * reads them. A phone without a country code is read in the program's region, which only the core knows:
     * it is checked for its digits here and in full there.
     */
    public SaleChecks member(String field, MemberRef member) {
        if (member == null) {
            return this;
        }
        String[] names = {"card", "phone", "email", "qr", "externalId"};
        String[] values = {member.card(), member.phone(), member.email(), member.qr(), member.externalId()};
        IdentifierKind[] kinds = {IdentifierKind.CARD, IdentifierKind.PHONE, IdentifierKind.EMAIL, IdentifierKind.QR,
                IdentifierKind.EXTERNAL};
        int named = member.memberId() == null ? 0 : 1;
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                continue;
            }
            named++;
            String path = field + "." + names[i];
            if (values[i].length() > MAX_TEXT) {
                text(path, values[i]);
            } else if (kinds[i] == IdentifierKind.PHONE && !values[i].strip().startsWith("+")) {
                String digits = values[i].replaceAll("[\\s().\\-/]", "");
                if (!digits.matches("[0-9]{4,17}")) {
                    errors.add(new Problem.FieldError(path, "'" + values[i] + "' is not a phone number"));
                }
            } else if (Identifiers.normalise(kinds[i], values[i], "ZZ") instanceof Identifiers.Invalid invalid) {
                errors.add(new Problem.FieldError(path, invalid.reason()));
            }
        }
        if (named > 1) {
            errors.add(new Problem.FieldError(field, "name the shopper one way: memberId or one identifier"));
        }
        return this;
    }

    /** An amount of money given back: at least one minor unit. */
    public SaleChecks refund(String field, Long amount) {
        if (amount != null && (amount < 1 || amount > MAX_AMOUNT_MINOR)) {
            errors.add(new Problem.FieldError(field, "must be between 1 and " + MAX_AMOUNT_MINOR));
        }
        return this;
    }

    /** When the sale happened, by the till's clock: the core refuses one in the future or over a year old. */
    public SaleChecks time(String field, Instant at, Instant now) {
        if (at != null && at.isAfter(now.plus(FUTURE))) {
            errors.add(new Problem.FieldError(field, "is in the future; check the till's clock"));
        } else if (at != null && at.isBefore(now.minus(PAST))) {
            errors.add(new Problem.FieldError(field, "is more than a year ago; import a day of the past as history"));
        }
        return this;
    }

    /** When a sale of the past happened: any age, but never in the future. */
    public SaleChecks notInFuture(String field, Instant at, Instant now) {
        if (at != null && at.isAfter(now.plus(FUTURE))) {
            errors.add(new Problem.FieldError(field, "is in the future; check the till's clock"));
        }
        return this;
    }

    public SaleChecks amount(String field, Long amount) {
        if (amount != null && (amount < 0 || amount > MAX_AMOUNT_MINOR)) {
            errors.add(new Problem.FieldError(field, "must be between 0 and " + MAX_AMOUNT_MINOR));
        }
        return this;
    }

    public SaleChecks required(String field, String text) {
        if (text == null || text.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else {
            text(field, text);
        }
        return this;
    }

    public SaleChecks text(String field, String text) {
        if (text != null && text.length() > MAX_TEXT) {
            errors.add(new Problem.FieldError(field, "is longer than " + MAX_TEXT + " characters"));
        }
        return this;
    }
}
