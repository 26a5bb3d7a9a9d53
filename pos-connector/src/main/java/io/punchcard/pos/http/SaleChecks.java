package io.punchcard.pos.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.punchcard.api.Problem;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.Tender;
import io.punchcard.platform.http.ProblemException;

/**
 * The core's limits on a sale, checked before the till is told it is kept: a sale the core would refuse for good
 * must be refused now, while the cashier is there, not set aside later where nobody sees it. The same bounds as
 * the core's ({@code Limits}, {@code PurchaseRequests}); what depends on the program (stores, currency, the
 * member's existence) is the core's to check.
 */
final class SaleChecks {

    static final int MAX_TEXT = 128;
    static final int MAX_LINES = 500;
    static final int MAX_LIST = 20;
    static final long MAX_AMOUNT_MINOR = 1_000_000_000L;
    private static final BigDecimal MAX_QUANTITY = BigDecimal.valueOf(100_000);
    /** The core refuses sales further in the future than this, by its clock. */
    private static final Duration FUTURE = Duration.ofMinutes(5);
    /** And older than a year. */
    private static final Duration PAST = Duration.ofDays(364);

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** Throws the problem listing every error found, if any. */
    void done() {
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.invalid(errors));
        }
    }

    SaleChecks lines(String field, List<PurchaseLine> lines) {
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

    SaleChecks quantity(String field, BigDecimal quantity) {
        if (quantity == null) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (quantity.signum() <= 0 || quantity.compareTo(MAX_QUANTITY) > 0
                || quantity.stripTrailingZeros().scale() > 3) {
            errors.add(new Problem.FieldError(field, "must be more than 0, at most 100000, with at most 3 decimals"));
        }
        return this;
    }

    SaleChecks tenders(List<Tender> tenders) {
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

    SaleChecks codes(String field, List<String> codes) {
        if (codes != null && codes.size() > MAX_LIST) {
            errors.add(new Problem.FieldError(field, "at most " + MAX_LIST));
        } else if (codes != null) {
            for (int i = 0; i < codes.size(); i++) {
                required(field + "[" + i + "]", codes.get(i));
            }
        }
        return this;
    }

    SaleChecks member(String field, MemberRef member) {
        if (member != null) {
            text(field + ".card", member.card());
            text(field + ".phone", member.phone());
            text(field + ".email", member.email());
            text(field + ".qr", member.qr());
            text(field + ".externalId", member.externalId());
        }
        return this;
    }

    /** When the sale happened, by the till's clock: the core refuses one in the future or over a year old. */
    SaleChecks time(String field, Instant at, Instant now) {
        if (at != null && at.isAfter(now.plus(FUTURE))) {
            errors.add(new Problem.FieldError(field, "is in the future; check the till's clock"));
        } else if (at != null && at.isBefore(now.minus(PAST))) {
            errors.add(new Problem.FieldError(field, "is more than a year ago"));
        }
        return this;
    }

    SaleChecks amount(String field, Long amount) {
        if (amount != null && (amount < 0 || amount > MAX_AMOUNT_MINOR)) {
            errors.add(new Problem.FieldError(field, "must be between 0 and " + MAX_AMOUNT_MINOR));
        }
        return this;
    }

    SaleChecks required(String field, String text) {
        if (text == null || text.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else {
            text(field, text);
        }
        return this;
    }

    SaleChecks text(String field, String text) {
        if (text != null && text.length() > MAX_TEXT) {
            errors.add(new Problem.FieldError(field, "is longer than " + MAX_TEXT + " characters"));
        }
        return this;
    }
}
