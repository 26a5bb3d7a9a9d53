package io.punchcard.campaign.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import io.helidon.dbclient.DbClient;

/**
 * The scheduler's pool as a {@link DataSource}, for libraries that take one (db-scheduler): each connection is a
 * pooled one of the DB Client, on the scheduler's schema, given back when closed.
 */
public final class DbClientDataSource implements DataSource {

    private final DbClient db;

    public DbClientDataSource(DbClient db) {
        this.db = db;
    }

    @Override
    public Connection getConnection() {
        return db.unwrap(Connection.class);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's own credentials are used");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Logging goes through the pool's own logger.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The pool's connection timeout applies.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
