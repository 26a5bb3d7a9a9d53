package io.punchcard.pos.poslog;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** A damaged POSLog file is reported in a sentence that names the transaction and the place, never the parser's words. */
class PoslogReaderTest {

    private static final String DAY = "ncr-acs-store9-2017-10-01.xml";

    @Test
    void aDayCutInHalfSaysInsideWhichTransactionTheFileEnds() throws Exception {
        String whole = Files.readString(PoslogMappingTest.fixture(DAY));
        String half = whole.substring(0, whole.length() / 2);
        // The transaction the cut falls in: the last one begun, named by its own WorkstationID and SequenceNumber.
        String last = half.substring(half.lastIndexOf("<Transaction>"));
        String workstation = first(last, "WorkstationID");
        String sequence = first(last, "SequenceNumber");

        List<PoslogReader.Read> read = readAll(half);

        PoslogReader.Broken broken = assertInstanceOf(PoslogReader.Broken.class, read.getLast());
        assertEquals(read.size() - 1, count(half, "</Transaction>"), "every whole transaction before the cut was read");
        assertEquals("9-" + workstation + "-" + sequence + "-2017-10-01", broken.transaction());
        assertEquals(1, broken.line());
        assertEquals("the file ends inside transaction " + sequence + " of workstation " + workstation + " at line 1, "
                + "column " + broken.column() + ": it was cut short, so that transaction and anything after it were "
                + "not imported; import the complete file again (what was imported is not imported twice)",
                broken.reason());
        assertEquals(half.length() + 1, broken.column(), "the end of what is left");
    }

    @Test
    void aDayCutBetweenTwoTransactionsSaysTheLastWholeOneWasRead() throws Exception {
        String whole = Files.readString(PoslogMappingTest.fixture(DAY));
        String cut = whole.substring(0, whole.indexOf("</Transaction>", whole.length() / 2) + "</Transaction>".length());

        List<PoslogReader.Read> read = readAll(cut);

        PoslogReader.Broken broken = assertInstanceOf(PoslogReader.Broken.class, read.getLast());
        assertEquals(null, broken.transaction());
        assertEquals("the file ends at line 1, column " + broken.column() + " before the POSLog element is closed: it "
                + "was cut short after the last whole transaction; if more were to follow, import the complete file "
                + "again (what was imported is not imported twice)", broken.reason());
    }

    @Test
    void aMistypedEndTagIsNamedWithTheTransactionItIsIn() throws Exception {
        String whole = Files.readString(PoslogMappingTest.fixture(DAY));
        int at = whole.indexOf("</ItemID>", whole.length() / 3);
        String damaged = whole.substring(0, at) + "</ItemId>" + whole.substring(at + "</ItemID>".length());
        String last = damaged.substring(damaged.lastIndexOf("<Transaction>", at));

        PoslogReader.Broken broken = assertInstanceOf(PoslogReader.Broken.class, readAll(damaged).getLast());

        assertEquals("the file stops being well-formed XML inside transaction " + first(last, "SequenceNumber")
                + " of workstation " + first(last, "WorkstationID") + " at line 1, column " + broken.column()
                + ": <ItemID> is not closed by its own end tag; nothing from there on was imported", broken.reason());
    }

    private static List<PoslogReader.Read> readAll(String file) {
        List<PoslogReader.Read> read = new ArrayList<>();
        try (PoslogReader reader = PoslogReader.of(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)))) {
            for (Optional<PoslogReader.Read> next = reader.next(); next.isPresent(); next = reader.next()) {
                read.add(next.get());
            }
        }
        return read;
    }

    private static String first(String text, String element) {
        Matcher matcher = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no " + element);
        }
        return matcher.group(1);
    }

    private static long count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }
}
