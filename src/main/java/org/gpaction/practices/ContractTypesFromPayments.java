package org.gpaction.practices;

import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.practices.imports.PracticeImportLock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each practice's contract type as NHS Payments to General Practice gives it, from the latest payments year
 * imported. A type from the hand-made contracts file is a correction and wins over it in the directory.
 */
@Service
public class ContractTypesFromPayments {

    private static final Pattern YEAR = Pattern.compile("[0-9]{4}-[0-9]{2}");

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ContractTypesFromPayments(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Records the types a payments year gives, for the practices in the directory whose type does not already come
     * from a later year; a practice the year does not name keeps what it had. Each type is also kept by ODS code, for
     * a practice the directory imports later to take. Runs in the caller's transaction, and tells the other modules
     * once it commits if anything changed.
     *
     * <p>Holds the practice import's lock until that transaction ends, so that an import of the practice file is taken
     * before or after it, never alongside: a practice that import creates takes its type from the types kept here,
     * and neither would see the other's rows before they commit, so the practice would be left with none. The
     * insights import calls this under its own lock, which no practice import takes, so the two locks are always taken
     * in that order and cannot deadlock.
     *
     * @param year the financial year of the file, {@code 2022-23}
     * @return how many practices' recorded type or year changed
     */
    public int record(String year, Map<String, ContractType> byOdsCode) {
        if (!YEAR.matcher(year).matches()) {
            throw new IllegalArgumentException("Not a financial year: " + year);
        }
        PracticeImportLock.take(jdbc);
        String[] codes = byOdsCode.keySet().toArray(String[]::new);
        String[] types = byOdsCode.values().stream().map(ContractType::name).toArray(String[]::new);
        jdbc.sql("""
                        insert into practices.payments_contract_type as k (ods_code, contract_type, payments_year)
                        select i.ods_code, i.contract_type, :year
                        from unnest(cast(:codes as text[]), cast(:types as text[])) as i(ods_code, contract_type)
                        on conflict (ods_code) do update
                        set contract_type = excluded.contract_type, payments_year = excluded.payments_year
                        where k.payments_year <= excluded.payments_year
                          and (k.contract_type, k.payments_year)
                              is distinct from (excluded.contract_type, excluded.payments_year)
                        """)
                .param("year", year)
                .param("codes", codes)
                .param("types", types)
                .update();
        int changed = jdbc.sql("""
                        update practices.practice p
                        set payments_contract_type = i.contract_type, payments_year = :year, updated_at = now()
                        from unnest(cast(:codes as text[]), cast(:types as text[])) as i(ods_code, contract_type)
                        where p.ods_code = i.ods_code
                          and (p.payments_year is null or p.payments_year <= :year)
                          and (p.payments_contract_type, p.payments_year)
                              is distinct from (i.contract_type, :year)
                        """)
                .param("year", year)
                .param("codes", codes)
                .param("types", types)
                .update();
        if (changed > 0) {
            events.publishEvent(new PracticesChanged());
        }
        return changed;
    }
}
