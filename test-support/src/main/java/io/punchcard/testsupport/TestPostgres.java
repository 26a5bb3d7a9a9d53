package io.punchcard.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A PostgreSQL database that belongs to one test class.
 *
 * @param jdbcUrl  URL of the database
 * @param username login role
 * @param password its password
 * @param database the database's name
 * @param source   where its server came from
 */
public record TestPostgres(String jdbcUrl, String username, String password, String database, StoreSource source) {

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }
}
