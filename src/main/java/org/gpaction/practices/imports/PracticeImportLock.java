package org.gpaction.practices.imports;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The practice import's lock, in one place: the directory's imports ({@link PracticeImports}) and a payments year's
 * contract types ({@link org.gpaction.practices.ContractTypesFromPayments}) both take it here, so that renaming it
 * cannot leave them holding two different locks and running alongside again.
 */
public final class PracticeImportLock {

    private PracticeImportLock() {}

    /** Waits for the lock and holds it, across every application instance, until the caller's transaction ends. */
    public static void take(JdbcClient jdbc) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('practices.import'))")
                .query()
                .singleRow();
    }
}
