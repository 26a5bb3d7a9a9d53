package io.punchcard.pos.poslog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.Tender;
import io.punchcard.pos.poslog.PoslogReader.Element;

/**
 * What one POSLog {@code <Transaction>} means for loyalty: a {@code RetailTransaction}'s sold lines (voided
 * ones left out), returned lines, tenders, totals and loyalty card; a control transaction (sign-on, no-sale…)
 * or a cancelled one means nothing. Works with the NCR ACS and Retalix dialects of ARTS POSLog: store from
 * {@code RetailStoreID} or {@code BusinessUnit/UnitID}, department from {@code MerchandiseHierarchy}, the card
 * from {@code LoyaltyID} wherever it is.
 */
public final class PoslogMapping {

    private final ZoneId zone;
    private final String currency;
    private final int digits;

    /**
     * @param zone     the store's time zone, for times written without an offset (NCR writes local time)
     * @param currency the program's currency; a transaction in another is refused
     */
    public PoslogMapping(ZoneId zone, String currency) {
        this.zone = zone;
        this.currency = currency;
        this.digits = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
    }

    /** The program's currency, the one sales are recorded in. */
    public String currency() {
        return currency;
    }

    /** What a transaction means. */
    public sealed interface Mapped permits Retail, Ignored, Refused {
    }

    /**
     * A transaction's identity: the same store, till, number and business day is the same transaction, however
     * often the file is imported.
     */
    public record Key(String store, String workstation, String sequence, LocalDate businessDay) {

        /** {@code 9-34-161-2017-09-30}: the id its sale and return are recorded under. */
        public String reference() {
            return store + "-" + workstation + "-" + sequence + "-" + businessDay;
        }
    }

    /**
     * A retail transaction.
     *
     * @param key                 which
     * @param endedAt             when it ended
     * @param card                the loyalty card, or null
     * @param sold                lines sold (voided ones left out)
     * @param returned            lines brought back
     * @param tenders             how it was paid
     * @param basketDiscountMinor discounts on the whole basket (what the lines add up to beyond what was paid)
     * @param taxMinor            tax in the total
     * @param totalMinor          what was paid
     * @param returnOf            the original sale of a return, when the transaction links one
     */
    public record Retail(Key key, Instant endedAt, String card, List<PurchaseLine> sold, List<PurchaseLine> returned,
                         List<Tender> tenders, long basketDiscountMinor, long taxMinor, long totalMinor, Key returnOf)
            implements Mapped {
    }

    /**
     * Nothing for loyalty: a control transaction, a cancelled sale, one with no lines.
     *
     * @param key why it was read
     * @param why why nothing
     */
    public record Ignored(Key key, String why) implements Mapped {
    }

    /**
     * A transaction that cannot be imported.
     *
     * @param transaction which, as far as it could be told
     * @param reason      what is wrong
     */
    public record Refused(String transaction, String reason) implements Mapped {
    }

    /**
     * A transaction named as its key would name it, {@code store-workstation-sequence-day}, with {@code ?} for what
     * it does not say (or, in a file cut short, what was not read).
     */
    static String described(Element transaction) {
        return storeOf(transaction).orElse("?") + "-" + transaction.childText("WorkstationID").orElse("?") + "-"
                + transaction.childText("SequenceNumber").orElse("?") + "-"
                + transaction.childText("BusinessDayDate").orElse("?");
    }

    private static Optional<String> storeOf(Element transaction) {
        return transaction.childText("RetailStoreID")
                .or(() -> transaction.child("BusinessUnit").flatMap(u -> u.childText("UnitID")));
    }

    /** What {@code transaction} means. */
    public Mapped map(Element transaction) {
        Optional<String> store = storeOf(transaction);
        Optional<String> workstation = transaction.childText("WorkstationID");
        Optional<String> sequence = transaction.childText("SequenceNumber");
        Optional<String> day = transaction.childText("BusinessDayDate");
        String described = described(transaction);
        if (store.isEmpty() || workstation.isEmpty() || sequence.isEmpty() || day.isEmpty()) {
            return new Refused(described, "a transaction needs its store (RetailStoreID or BusinessUnit/UnitID), "
                    + "WorkstationID, SequenceNumber and BusinessDayDate");
        }
        Key key;
        try {
            key = new Key(store.get(), workstation.get(), sequence.get(), LocalDate.parse(day.get()));
        } catch (DateTimeParseException e) {
            return new Refused(described, "BusinessDayDate '" + day.get() + "' is not a date such as 2017-09-30");
        }
        if (key.reference().length() > 128 || !key.reference().matches("[A-Za-z0-9._:-]+")) {
            return new Refused(described, "store, workstation and sequence number must be letters and digits");
        }
        Optional<Element> retail = transaction.child("RetailTransaction");
        if (retail.isEmpty()) {
            String kind = transaction.children().stream().map(Element::name).filter(n -> n.endsWith("Transaction"))
                    .findFirst().orElse("a transaction without a RetailTransaction");
            return new Ignored(key, kind + " (nothing for loyalty)");
        }
        if ("true".equalsIgnoreCase(transaction.attribute("CancelFlag"))
                || "true".equalsIgnoreCase(retail.get().attribute("CancelFlag"))
                || isOneOf(retail.get().attribute("TransactionStatus"), "Voided", "Canceled", "Cancelled", "Suspended")
                || isOneOf(retail.get().childText("TransactionStatus").orElse(null), "Voided", "Canceled", "Cancelled",
                        "Suspended")) {
            return new Ignored(key, "cancelled, voided or suspended at the till");
        }
        try {
            return retail(key, transaction, retail.get());
        } catch (BadValue e) {
            return new Refused(key.reference(), e.getMessage());
        }
    }

    private Retail retail(Key key, Element transaction, Element retail) {
        String fileCurrency = transaction.childText("CurrencyCode").or(() -> attribute(retail, "Currency"))
                .or(() -> attribute(retail, "CurrencyCode")).orElse(null);
        if (fileCurrency != null && !fileCurrency.equals(currency)) {
            throw new BadValue("the transaction is in " + fileCurrency + ", the program in " + currency);
        }
        Instant ended = time(transaction.childText("EndDateTime")
                .or(() -> retail.childText("ReceiptDateTime"))
                .orElseThrow(() -> new BadValue("EndDateTime is missing")));
        List<Line> sold = new ArrayList<>();
        List<Line> returned = new ArrayList<>();
        List<Tender> tenders = new ArrayList<>();
        for (Element item : retail.all("LineItem")) {
            boolean voided = "true".equalsIgnoreCase(item.attribute("VoidFlag"));
            Optional<Element> sale = item.child("Sale");
            Optional<Element> back = item.child("Return");
            if (sale.isPresent()) {
                Line line = line(sale.get(), item);
                if (!voided) {
                    sold.add(line);
                } else if (line.negative()) {
                    // NCR voids a line with a negative copy after it: take back the line it cancels.
                    cancel(sold, line);
                }
                // A line marked void with its own positive amount (ARTS) is simply left out.
            } else if (back.isPresent() && !voided) {
                returned.add(line(back.get(), item).positive());
            } else {
                item.child("Tender").filter(t -> !voided).ifPresent(t -> tender(t, tenders));
            }
        }
        String card = retail.find("LoyaltyID").or(() -> retail.find("LoyaltyAccountID"))
                .or(() -> transaction.find("LoyaltyID")).map(Element::text).filter(t -> !t.isEmpty()).orElse(null);
        long taxAdded = total(retail, "TransactionTaxAmount");
        long taxIncluded = total(retail, "X:TransactionTaxIncluded");
        long grand = retail.all("Total").stream()
                .filter(t -> "TransactionGrandAmount".equals(t.attribute("TotalType"))).findFirst()
                .map(t -> minor(t.text(), "Total")).orElseGet(() -> sold.stream().mapToLong(Line::netMinor).sum() + taxAdded);
        long linesNet = sold.stream().mapToLong(Line::netMinor).sum();
        // What the lines add up to beyond what the shopper paid (tax added on top aside) was taken off the basket.
        long basketDiscount = returned.isEmpty() ? Math.max(0, linesNet - (grand - taxAdded)) : 0;
        Key returnOf = retail.all("TransactionLink").stream()
                .filter(l -> "Return".equalsIgnoreCase(l.attribute("ReasonCode")))
                .map(l -> link(l, key)).findFirst().orElse(null);
        return new Retail(key, ended, card, sold.stream().map(Line::toPurchaseLine).toList(),
                returned.stream().map(Line::toPurchaseLine).toList(), tenders, basketDiscount,
                Math.max(0, taxAdded + taxIncluded), Math.max(0, grand), returnOf);
    }

    private static Key link(Element link, Key self) {
        try {
            return new Key(link.childText("RetailStoreID").orElse(self.store()),
                    link.childText("WorkstationID").orElseThrow(() -> new BadValue("the return's TransactionLink has no WorkstationID")),
                    link.childText("SequenceNumber").orElseThrow(() -> new BadValue("the return's TransactionLink has no SequenceNumber")),
                    LocalDate.parse(link.childText("BusinessDayDate").orElse(self.businessDay().toString())));
        } catch (DateTimeParseException e) {
            throw new BadValue("the return's TransactionLink has no valid BusinessDayDate");
        }
    }

    /** A sale or return line: item, department, quantity, and the amount it came to. */
    private record Line(String sku, String category, BigDecimal quantity, Long unitPriceMinor, long extendedMinor) {

        boolean negative() {
            return extendedMinor < 0 || quantity.signum() < 0;
        }

        Line positive() {
            return new Line(sku, category, quantity.abs(), unitPriceMinor, Math.abs(extendedMinor));
        }

        long netMinor() {
            return extendedMinor;
        }

        /**
         * The core prices a line as quantity × unit price less its discount; written so it comes to exactly the
         * amount the till charged, keeping the quantity (a return by item counts it). Without a usable unit price
         * one is worked out from the amount.
         */
        PurchaseLine toPurchaseLine() {
            if (quantity.signum() > 0 && quantity.scale() <= 3) {
                long unit = unitPriceMinor != null && gross(unitPriceMinor) >= extendedMinor ? unitPriceMinor
                        : BigDecimal.valueOf(extendedMinor).divide(quantity, 0, RoundingMode.CEILING).longValueExact();
                long gross = gross(unit);
                if (gross >= extendedMinor) {
                    return new PurchaseLine(sku, category, quantity, unit, gross - extendedMinor);
                }
            }
            return new PurchaseLine(sku, category, BigDecimal.ONE, extendedMinor, 0L);
        }

        private long gross(long unit) {
            return quantity.multiply(BigDecimal.valueOf(unit)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        }
    }

    private Line line(Element sale, Element item) {
        String sku = sale.childText("ItemID").or(() -> sale.child("POSIdentity").flatMap(p -> p.childText("POSItemID")))
                .orElseThrow(() -> new BadValue("line " + item.childText("SequenceNumber").orElse("?") + " has no ItemID"));
        String department = sale.all("MerchandiseHierarchy").stream()
                .filter(h -> !"Tax".equals(h.attribute("ID")))
                .map(Element::text).filter(t -> !t.isEmpty()).findFirst().orElse(null);
        BigDecimal quantity = sale.childText("Quantity").map(q -> decimal(q, "Quantity")).orElse(BigDecimal.ONE)
                .stripTrailingZeros();
        if (quantity.scale() < 0) {
            quantity = quantity.setScale(0);
        }
        Long unit = sale.childText("RegularSalesUnitPrice").or(() -> sale.childText("ActualSalesUnitPrice"))
                .map(p -> minor(p, "RegularSalesUnitPrice")).orElse(null);
        long extended = minor(sale.childText("ExtendedAmount")
                .orElseThrow(() -> new BadValue("line " + item.childText("SequenceNumber").orElse("?")
                        + " has no ExtendedAmount")), "ExtendedAmount");
        return new Line(sku, department, quantity, unit, extended);
    }

    /** Takes out the latest sold line a void line cancels: the same item, quantity and amount. */
    private static void cancel(List<Line> sold, Line voiding) {
        for (int i = sold.size() - 1; i >= 0; i--) {
            Line line = sold.get(i);
            if (line.sku().equals(voiding.sku()) && line.extendedMinor() == -voiding.extendedMinor()
                    && line.quantity().compareTo(voiding.quantity().negate()) == 0) {
                sold.remove(i);
                return;
            }
        }
        throw new BadValue("a void line of item " + voiding.sku() + " cancels no line sold before it");
    }

    private void tender(Element tender, List<Tender> tenders) {
        String kind = Optional.ofNullable(tender.attribute("TenderType")).orElse("OTHER");
        long amount = minor(tender.childText("Amount").orElseThrow(() -> new BadValue("a Tender has no Amount")), "Amount");
        if (amount > 0) {
            tenders.add(new Tender(kind.length() > 32 ? kind.substring(0, 32) : kind, amount, null));
        }
    }

    /** The first value of this attribute anywhere in {@code element}, depth first. */
    private static Optional<String> attribute(Element element, String name) {
        if (element.attribute(name) != null) {
            return Optional.of(element.attribute(name));
        }
        for (Element child : element.children()) {
            Optional<String> found = attribute(child, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private long total(Element retail, String type) {
        return retail.all("Total").stream().filter(t -> type.equals(t.attribute("TotalType"))).findFirst()
                .map(t -> minor(t.text(), "Total " + type)).orElse(0L);
    }

    private Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw new BadValue("'" + text + "' is not a date and time such as 2017-10-01T02:02:54");
            }
        }
    }

    /** {@code 2.99} → 299 in a currency of two decimals; {@code 300} → 300 in yen; as many as the currency has. */
    private long minor(String text, String what) {
        try {
            return decimal(text, what).movePointRight(digits).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new BadValue(what + " '" + text + "' is out of range");
        }
    }

    private static BigDecimal decimal(String text, String what) {
        try {
            BigDecimal value = new BigDecimal(text.strip());
            if (value.abs().compareTo(BigDecimal.valueOf(10_000_000)) > 0) {
                throw new BadValue(what + " '" + text + "' is out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadValue(what + " '" + text + "' is not a number");
        }
    }

    private static boolean isOneOf(String value, String... options) {
        if (value == null) {
            return false;
        }
        for (String option : options) {
            if (option.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    /** A value the transaction cannot be imported with. */
    private static final class BadValue extends RuntimeException {
        BadValue(String message) {
            super(message);
        }
    }
}
