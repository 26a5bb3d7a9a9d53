package io.punchcard.platform.store;

/**
 * The connection broke while a commit was under way: the change may or may not be saved, and nobody can say
 * which until the database is back. Unlike other outages this is not "not done, try again": only a caller
 * that can repeat the write safely (it carries the caller's own id) should retry, or look first.
 */
public final class CommitOutcomeUnknown extends RuntimeException {

    public CommitOutcomeUnknown(Throwable cause) {
        super("the connection to the database broke during a commit", cause);
    }

    /**
     * Commits {@code c}'s transaction, saying which failure it was: a connection that broke during the commit is
     * this exception; any other failure is the driver's, and the transaction was not saved.
     */
    public static void commit(java.sql.Connection c) throws java.sql.SQLException {
        try {
            c.commit();
        } catch (java.sql.SQLException e) {
            if (Unreachable.causedBy(e)) {
                throw new CommitOutcomeUnknown(e);
            }
            throw e;
        }
    }
}
