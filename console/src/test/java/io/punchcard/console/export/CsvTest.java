package io.punchcard.console.export;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 4180 lines that a spreadsheet opens without running anything a member typed. */
class CsvTest {

    @Test
    void cellsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n",
                Csv.line(Arrays.asList("a", "b,c", "say \"hi\"", "two\nlines", null)));
    }

    @Test
    void formulasAreDefusedButNegativeNumbersStay() {
        assertEquals("'=1+1,'+49 151,'@SUM(A1),'-x,-120\r\n", Csv.line(List.of("=1+1", "+49 151", "@SUM(A1)", "-x",
                "-120")));
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"\r\n", Csv.line(List.of("=HYPERLINK(\"x\")")));
    }
}
