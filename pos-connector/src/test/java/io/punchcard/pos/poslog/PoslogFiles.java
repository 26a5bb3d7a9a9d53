package io.punchcard.pos.poslog;

/**
 * POSLog transactions built in the shapes of the NCR ACS fixture, for what the fixtures lack: returns, broken
 * values, cards of members the test enrolled.
 */
final class PoslogFiles {

    private PoslogFiles() {
    }

    static String file(String... transactions) {
        return "<?xml version=\"1.0\"?><POSLog xmlns=\"http://www.nrf-arts.org/IXRetail/namespace/\" "
                + "xmlns:acs=\"http://www.ncr.com/rsd/acs/tlog/markup/poslog/2.1\">" + String.join("", transactions)
                + "</POSLog>";
    }

    private static String head(String store, String workstation, String sequence, String day) {
        return "<Transaction><RetailStoreID>" + store + "</RetailStoreID><WorkstationID>" + workstation
                + "</WorkstationID><SequenceNumber>" + sequence + "</SequenceNumber><BusinessDayDate>" + day
                + "</BusinessDayDate><EndDateTime>" + day + "T10:15:00</EndDateTime><OperatorID>94</OperatorID>"
                + "<CurrencyCode>USD</CurrencyCode>";
    }

    private static String card(String card) {
        return card == null ? "" : "<LineItem EntryMethod=\"acs:Auto\"><SequenceNumber>9</SequenceNumber><acs:LoyaltyMembership>"
                + "<acs:LoyaltyID Type=\"Membership\">" + card + "</acs:LoyaltyID></acs:LoyaltyMembership></LineItem>";
    }

    /** A sale of one unit of {@code sku} for {@code amount} (dollars), paid by card. */
    static String sale(String store, String workstation, String sequence, String day, String card, String sku,
                       String amount) {
        return head(store, workstation, sequence, day) + "<RetailTransaction Version=\"2.1\">"
                + "<LineItem EntryMethod=\"Scanned\"><SequenceNumber>1</SequenceNumber><Sale ItemType=\"Stock\">"
                + "<ItemID>" + sku + "</ItemID><MerchandiseHierarchy Level=\"Department\">6</MerchandiseHierarchy>"
                + "<RegularSalesUnitPrice>" + amount + "</RegularSalesUnitPrice><ExtendedAmount>" + amount
                + "</ExtendedAmount><Quantity>1</Quantity></Sale></LineItem>"
                + "<LineItem><SequenceNumber>2</SequenceNumber><Tender TenderType=\"CreditDebit\"><Amount>" + amount
                + "</Amount></Tender></LineItem>" + card(card)
                + "<Total TotalType=\"TransactionGrandAmount\">" + amount + "</Total>"
                + "<Total TotalType=\"TransactionTaxAmount\">0.00</Total></RetailTransaction></Transaction>";
    }

    /**
     * A return, on till 34, of {@code quantity} of {@code sku} for {@code amount}, linked to the sale it came from
     * as ARTS does: {@code TransactionLink ReasonCode="Return"}.
     */
    static String returnOf(String store, String workstation, String sequence, String day, String returnSequence,
                           String sku, String quantity, String amount) {
        return head(store, "34", returnSequence, "2017-10-01") + "<RetailTransaction Version=\"2.1\">"
                + "<LineItem EntryMethod=\"Keyed\"><SequenceNumber>1</SequenceNumber><Return ItemType=\"Stock\">"
                + "<ItemID>" + sku + "</ItemID><MerchandiseHierarchy Level=\"Department\">6</MerchandiseHierarchy>"
                + "<ExtendedAmount>" + amount + "</ExtendedAmount>"
                + "<Quantity>" + quantity + "</Quantity></Return></LineItem>"
                + "<LineItem><SequenceNumber>2</SequenceNumber><Tender TenderType=\"Cash\" TypeCode=\"Refund\"><Amount>-"
                + amount + "</Amount></Tender></LineItem>"
                + "<Total TotalType=\"TransactionGrandAmount\">-" + amount + "</Total>"
                + "<TransactionLink ReasonCode=\"Return\"><RetailStoreID>" + store + "</RetailStoreID><WorkstationID>"
                + workstation + "</WorkstationID><SequenceNumber>" + sequence + "</SequenceNumber><BusinessDayDate>"
                + day + "</BusinessDayDate></TransactionLink></RetailTransaction></Transaction>";
    }
}
