package io.punchcard.pos.poslog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.Tender;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NCR ACS and Retalix POSLog files in {@code ../shared/fixtures/poslog}, read in place, and what they mean. */
class PoslogMappingTest {

    /** The fixtures, found from the module or the repository root, wherever the build runs. */
    static Path fixture(String name) {
        return io.punchcard.testsupport.SharedFixtures.path("poslog/" + name);
    }

    private static final PoslogMapping USD = new PoslogMapping(ZoneId.of("America/New_York"), "USD");

    static List<PoslogMapping.Mapped> read(InputStream in, PoslogMapping mapping) {
        List<PoslogMapping.Mapped> mapped = new ArrayList<>();
        try (PoslogReader reader = PoslogReader.of(in)) {
            for (Optional<PoslogReader.Read> next = reader.next(); next.isPresent(); next = reader.next()) {
                if (next.get() instanceof PoslogReader.Element transaction) {
                    mapped.add(mapping.map(transaction));
                } else {
                    PoslogReader.Broken broken = (PoslogReader.Broken) next.get();
                    mapped.add(new PoslogMapping.Refused("line " + broken.line(), broken.reason()));
                }
            }
        }
        return mapped;
    }

    private static List<PoslogMapping.Mapped> read(String fixture, PoslogMapping mapping) throws IOException {
        try (InputStream in = Files.newInputStream(fixture(fixture))) {
            return read(in, mapping);
        }
    }

    @Test
    void anNcrSaleBecomesItsLinesTenderCardAndLoyaltyDiscount() throws IOException {
        List<PoslogMapping.Mapped> mapped = read("ncr-acs-small.xml", USD);

        assertEquals(2, mapped.size());
        assertInstanceOf(PoslogMapping.Ignored.class, mapped.get(0), "a sign-on is nothing for loyalty");
        PoslogMapping.Retail sale = (PoslogMapping.Retail) mapped.get(1);
        assertEquals(new PoslogMapping.Key("9", "34", "161", LocalDate.of(2017, 9, 30)), sale.key());
        assertEquals("0000000000000040000066677", sale.card());
        assertEquals(Instant.parse("2017-10-01T06:02:54Z"), sale.endedAt(), "local time at the store");
        // 0.42 kg at 2.99 came to 1.26; the loyalty reward took 0.19 off, the shopper paid 1.07.
        assertEquals(List.of(new PurchaseLine("00000000067591", "6", new BigDecimal("0.42"), 299L, 0L)), sale.sold());
        assertEquals(19, sale.basketDiscountMinor());
        assertEquals(107, sale.totalMinor());
        assertEquals(List.of(new Tender("CreditDebit", 107L, null)), sale.tenders());
    }

    @Test
    void theNcrStoreDayKeepsEveryRetailTransactionAndDropsVoidedLines() throws IOException {
        List<PoslogMapping.Mapped> mapped = read("ncr-acs-store9-2017-10-01.xml", USD);

        assertEquals(51, mapped.size());
        assertEquals(9, mapped.stream().filter(m -> m instanceof PoslogMapping.Ignored).count(), "the control transactions");
        List<PoslogMapping.Retail> sales = mapped.stream().filter(m -> m instanceof PoslogMapping.Retail)
                .map(m -> (PoslogMapping.Retail) m).toList();
        assertEquals(42, sales.size());
        assertEquals(4, sales.stream().filter(s -> s.card() != null).count(), "four shoppers showed a card");
        PoslogMapping.Retail voided = sales.stream().filter(s -> s.key().sequence().equals("115")).findFirst().orElseThrow();
        // Line 7 (APPLE BRAEBURN, 4.40) was voided by line 9: neither is sold.
        assertTrue(voided.sold().stream().noneMatch(l -> l.sku().endsWith("062367")), voided.sold().toString());
        assertEquals(7, voided.sold().size(), "lines 2 to 10, less the voided 7 and its void 9");
        for (PoslogMapping.Retail sale : sales) {
            long lines = sale.sold().stream().mapToLong(l -> l.quantity().multiply(BigDecimal.valueOf(l.unitPriceMinor()))
                    .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact() - l.discountMinor()).sum();
            assertTrue(lines >= sale.totalMinor() - sale.taxMinor() - 1 || sale.sold().isEmpty(),
                    sale.key() + ": the lines cover what was paid before tax");
        }
    }

    @Test
    void aRetalixSaleWithItsVatIncludedIsReadToo() throws IOException {
        List<PoslogMapping.Mapped> mapped = read("retalix-sample-1.xml", new PoslogMapping(ZoneId.of("Europe/London"), "GBP"));

        assertEquals(1, mapped.size());
        PoslogMapping.Retail sale = (PoslogMapping.Retail) mapped.getFirst();
        assertEquals(new PoslogMapping.Key("0610", "140", "451", LocalDate.of(2016, 8, 22)), sale.key());
        assertEquals(3, sale.sold().size());
        assertEquals("3_09_419", sale.sold().getFirst().category());
        assertEquals(657, sale.totalMinor());
        assertEquals(66, sale.taxMinor(), "VAT included in the prices");
        assertEquals(0, sale.basketDiscountMinor(), "included VAT is no discount");
        assertNull(sale.card());
        assertEquals(List.of(new Tender("Cash", 657L, null)), sale.tenders());

        PoslogMapping.Refused euro = (PoslogMapping.Refused) read("retalix-sample-1.xml",
                new PoslogMapping(ZoneId.of("Europe/Berlin"), "EUR")).getFirst();
        assertTrue(euro.reason().contains("GBP"), euro.reason());
    }

    @Test
    void aReturnLinkedToItsSaleNamesTheSale() {
        String file = PoslogFiles.file(PoslogFiles.returnOf("9", "34", "161", "2017-09-30", "500", "00000000067591", "0.42", "1.26"));

        PoslogMapping.Retail back = (PoslogMapping.Retail) read(stream(file), USD).getFirst();

        assertTrue(back.sold().isEmpty());
        assertEquals(1, back.returned().size());
        assertEquals(new BigDecimal("0.42"), back.returned().getFirst().quantity());
        assertEquals(new PoslogMapping.Key("9", "34", "161", LocalDate.of(2017, 9, 30)), back.returnOf());
    }

    @Test
    void aBrokenTransactionIsRefusedWithItsReasonAndABrokenFileStopsWhereItBreaks() {
        String file = PoslogFiles.file(PoslogFiles.sale("9", "40", "1", "2017-10-02", null, "SKU-1", "5.00"),
                PoslogFiles.sale("9", "40", "2", "2017-10-02", null, "SKU-2", "five"),
                PoslogFiles.sale("9", "40", "3", "2017-10-02", null, "SKU-3", "7.00"))
                .replace("</POSLog>", "<Transaction><RetailStoreID>9</Retail");

        List<PoslogMapping.Mapped> mapped = read(stream(file), USD);

        assertEquals(4, mapped.size());
        assertInstanceOf(PoslogMapping.Retail.class, mapped.get(0));
        assertTrue(((PoslogMapping.Refused) mapped.get(1)).reason().contains("'five' is not a number"),
                mapped.get(1).toString());
        assertInstanceOf(PoslogMapping.Retail.class, mapped.get(2));
        assertTrue(((PoslogMapping.Refused) mapped.get(3)).reason().startsWith("the file ends inside a transaction (begun "
                + "at line 1, column "), mapped.get(3).toString());
    }

    @Test
    void amountsHaveTheDecimalsOfTheProgramsCurrency() {
        String yen = PoslogFiles.file(PoslogFiles.sale("9", "40", "1", "2017-10-02", null, "SKU-1", "300"))
                .replace("<CurrencyCode>USD</CurrencyCode>", "<CurrencyCode>JPY</CurrencyCode>");

        PoslogMapping.Retail sale = (PoslogMapping.Retail) read(stream(yen),
                new PoslogMapping(ZoneId.of("Asia/Tokyo"), "JPY")).getFirst();

        assertEquals(300, sale.totalMinor(), "300 yen are 300 minor units, not 30000");
        assertEquals(300, sale.sold().getFirst().unitPriceMinor());
    }

    @Test
    void aTransactionNestedDeeperThanAnyTillsStopsTheFileInsteadOfTheReader() {
        String deep = "<Note>".repeat(5_000) + "</Note>".repeat(5_000);
        String file = PoslogFiles.file(PoslogFiles.sale("9", "40", "1", "2017-10-02", null, "SKU-1", "5.00"),
                PoslogFiles.sale("9", "40", "2", "2017-10-02", null, "SKU-2", "5.00").replace("<OperatorID>",
                        deep + "<OperatorID>"));

        List<PoslogMapping.Mapped> mapped = read(stream(file), USD);

        assertInstanceOf(PoslogMapping.Retail.class, mapped.get(0));
        assertTrue(((PoslogMapping.Refused) mapped.get(1)).reason().contains("nested more than"), mapped.get(1).toString());
    }

    @Test
    void aFileOfAnArchivedNameIsArchivedBesideItNotOverIt(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        assertEquals("day.xml", PoslogDropFolder.archivedName("day.xml", dir));
        Files.writeString(dir.resolve("day.xml"), "yesterday");
        Files.writeString(dir.resolve("day.xml.report.json"), "{}");
        assertEquals("day-2.xml", PoslogDropFolder.archivedName("day.xml", dir));
        Files.writeString(dir.resolve("day-2.xml"), "the day before");
        assertEquals("day-3.xml", PoslogDropFolder.archivedName("day.xml", dir));
    }

    @Test
    void aFileNamingAnOutsideEntityIsNotFollowed() {
        String file = "<?xml version=\"1.0\"?><!DOCTYPE POSLog [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + PoslogFiles.file(PoslogFiles.sale("9", "40", "1", "2017-10-02", "&x;", "SKU-1", "5.00"))
                .replaceFirst("^<\\?xml[^>]*>", "");

        List<PoslogMapping.Mapped> mapped = read(stream(file), USD);

        assertTrue(mapped.stream().noneMatch(m -> m instanceof PoslogMapping.Retail r && r.card() != null
                && r.card().contains("root")), mapped.toString());
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
