package io.punchcard.archfixture.points;

import java.sql.Connection;

/** A domain class that reaches for JDBC: the architecture rule must catch it. */
public final class LeakyLedger {

    private final Connection connection;

    public LeakyLedger(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }
}
