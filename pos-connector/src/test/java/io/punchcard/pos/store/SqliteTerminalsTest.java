package io.punchcard.pos.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A till's token opens the till's API as that till, until it is replaced or revoked; nothing else does. */
class SqliteTerminalsTest {

    @Test
    void aTokenNamesItsTillUntilItIsReplacedOrRevoked(@TempDir Path dir) {
        try (SqliteTerminals terminals = SqliteTerminals.open(dir.resolve("pos.sqlite"))) {
            String first = terminals.issue("T1");
            String other = terminals.issue("T2");

            assertEquals(Optional.of("T1"), terminals.verify(first));
            assertEquals(Optional.of("T2"), terminals.verify(other));
            char last = first.charAt(first.length() - 1);
            assertEquals(Optional.empty(), terminals.verify(first.substring(0, first.length() - 1)
                    + (last == 'A' ? 'B' : 'A')), "one changed character is another secret");
            assertEquals(Optional.empty(), terminals.verify(other.replace("_T2_", "_T1_")),
                    "a till's secret does not open another till");
            assertEquals(Optional.empty(), terminals.verify("pk_not_a_till"));

            String second = terminals.issue("T1");
            assertEquals(Optional.empty(), terminals.verify(first), "a new token replaces the old");
            assertEquals(Optional.of("T1"), terminals.verify(second));
            assertTrue(terminals.revoke("T1"));
            assertEquals(Optional.empty(), terminals.verify(second));
            assertEquals(List.of("T2"), terminals.list());
            assertFalse(terminals.revoke("T9"));
        }
    }

    @Test
    void aTillNameIsShortAndPlain(@TempDir Path dir) {
        try (SqliteTerminals terminals = SqliteTerminals.open(dir.resolve("pos.sqlite"))) {
            assertThrows(IllegalArgumentException.class, () -> terminals.issue("T_1"));
            assertThrows(IllegalArgumentException.class, () -> terminals.issue(""));
        }
    }
}
