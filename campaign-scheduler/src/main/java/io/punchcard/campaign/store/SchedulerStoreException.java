package io.punchcard.campaign.store;

import java.sql.SQLException;

/** The scheduler's database failed a statement; the caller's work did not happen. */
public final class SchedulerStoreException extends RuntimeException {

    SchedulerStoreException(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
