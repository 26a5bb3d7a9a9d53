package io.punchcard.archfixture.store;

import java.sql.Connection;

/** An adapter in an edge package: JDBC is allowed here. */
public final class JdbcLedger {

    private final Connection connection;

    public JdbcLedger(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }
}
