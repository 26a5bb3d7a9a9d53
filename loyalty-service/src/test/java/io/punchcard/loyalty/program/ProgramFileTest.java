package io.punchcard.loyalty.program;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** program.yaml read as a person writes it, and every mistake pointed at its line without Java's names. */
class ProgramFileTest {

    /** The example at the root of the repository; tests run in the module's folder. */
    private static final Path EXAMPLE = Path.of("..", "program.example.yaml");

    private static List<Violation> invalid(String yaml) {
        Checked<Program> read = ProgramFile.parse(yaml, "program.yaml");
        assertInstanceOf(Checked.Invalid.class, read);
        return ((Checked.Invalid<Program>) read).violations();
    }

    @Test
    void theShippedExampleIsAValidUsChainWithStore9() throws Exception {
        Checked<Program> read = ProgramFile.parse(Files.readString(EXAMPLE), "program.example.yaml");
        assertInstanceOf(Checked.Ok.class, read, read.toString());
        Program program = ((Checked.Ok<Program>) read).value();

        assertEquals("USD", program.currency());
        assertEquals("America/New_York", program.zoneFor("9").getId());
        assertEquals("America/Denver", program.zoneFor("12").getId());
        assertEquals("America/New_York", program.zoneFor("WEB").getId(), "a store without a zone has the program's");
        assertFalse(program.earning().pointsTenderEarns());
        assertEquals("5 USD off", program.voucherTemplate("FIVE-OFF").orElseThrow().displayName(program.currency()));
    }

    @Test
    void aTimeWrittenWithoutQuotesIsATimeNotANumberInBase60() throws Exception {
        String unquoted = Files.readString(EXAMPLE).replace("timeFrom: \"09:00\"", "timeFrom: 10:00");

        Program program = ((Checked.Ok<Program>) ProgramFile.parse(unquoted, "program.yaml")).value();

        assertEquals(LocalTime.of(10, 0), program.earning().rules().get(0).match().timeFrom());
    }

    @Test
    void aTypoIsNamedWithItsLineAndNoJavaType() {
        List<Violation> violations = invalid("""
                currency: USD
                timezone: America/New_York
                phoneRegion: US
                earning:
                  pointsPerUnit: 1
                  unitMinr: 100
                """);

        assertEquals(1, violations.size(), violations.toString());
        assertEquals("earning.unitMinr", violations.get(0).field());
        assertTrue(violations.get(0).message().endsWith("(program.yaml line 6)"), violations.toString());
        assertFalse(violations.get(0).message().contains("io.punchcard"), violations.toString());
    }

    @Test
    void aWrongWordIsAnsweredWithTheWordsAllowed() {
        List<Violation> violations = invalid("""
                currency: USD
                earning:
                  rules:
                    - id: r1
                      kind: TRIPLE
                """);

        assertEquals("earning.rules[0].kind", violations.get(0).field());
        assertTrue(violations.get(0).message().startsWith("must be one of"), violations.toString());
        assertTrue(violations.get(0).message().contains("MULTIPLIER"), violations.toString());
        assertTrue(violations.get(0).message().endsWith("(program.yaml line 5)"), violations.toString());
        assertFalse(violations.get(0).message().contains("io.punchcard"), violations.toString());
    }

    @Test
    void everyRuleOfThePutIsCheckedWithLines() {
        List<Violation> violations = invalid("""
                currency: EURO
                timezone: Europe/Berlin
                phoneRegion: de
                """);

        assertTrue(violations.stream().anyMatch(v -> v.field().equals("currency")
                && v.message().endsWith("(program.yaml line 1)")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.field().equals("phoneRegion")
                && v.message().endsWith("(program.yaml line 3)")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.field().equals("earning")
                && v.message().equals("is required (program.yaml)")), violations.toString());
    }

    @Test
    void brokenYamlIsPointedAt() {
        List<Violation> violations = invalid("currency: USD\nstores: [\n  {code: 9\n");

        assertEquals(1, violations.size());
        assertTrue(violations.get(0).message().startsWith("is not YAML"), violations.toString());
        assertTrue(violations.get(0).message().matches(".*\\(program.yaml line \\d+\\)"), violations.toString());
    }
}
