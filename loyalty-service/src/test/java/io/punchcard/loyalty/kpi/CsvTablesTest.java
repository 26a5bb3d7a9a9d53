package io.punchcard.loyalty.kpi;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvTablesTest {

    @Test
    void cellsWithSeparatorsAreQuotedAndFormulasDefused() {
        assertEquals("\"Points, issued \"\"all\"\"\"", CsvTables.cell("Points, issued \"all\""));
        assertEquals("'=HYPERLINK(1)", CsvTables.cell("=HYPERLINK(1)"));
        assertEquals("-120", CsvTables.cell("-120"), "a negative number stays a number");
        assertEquals("0.25", CsvTables.cell("0.25"));
    }
}
