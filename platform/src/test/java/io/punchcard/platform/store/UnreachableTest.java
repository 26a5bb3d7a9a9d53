package io.punchcard.platform.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnreachableTest {

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08003", "08006", "57P01", "57P02", "57P03", "53300"})
    void aServerGoneOrNotTakingSessionsIsUnreachableHoweverDeepTheCause(String state) {
        RuntimeException wrapped = new IllegalStateException("store", new SQLException("gone", state));

        assertTrue(Unreachable.causedBy(wrapped));
    }

    @Test
    void thePoolFindingNoConnectionInTimeIsUnreachable() {
        assertTrue(Unreachable.causedBy(new RuntimeException(new SQLTransientConnectionException(
                "punchcard - Connection is not available, request timed out after 1000ms."))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "40001", "22P02", "42P01"})
    void aRefusedStatementIsNot(String state) {
        assertFalse(Unreachable.causedBy(new RuntimeException(new SQLException("refused", state))));
    }

    @Test
    void aFailureWithoutADatabaseCauseIsNot() {
        assertFalse(Unreachable.causedBy(new IllegalStateException("a bug")));
    }
}
