package org.gpaction.practices.imports;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Set-based writes: each file goes to PostgreSQL as a few arrays in one statement, and rows already as the file
 * says are left alone ({@code is distinct from}), so that re-importing a file changes nothing.
 */
@Repository
class ImportRepository {

    private final JdbcClient jdbc;

    ImportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One import at a time, across every application instance, until the importing transaction ends. A payments year's
     * contract types are recorded under the same lock ({@link org.gpaction.practices.ContractTypesFromPayments}).
     */
    void lockImports() {
        PracticeImportLock.take(jdbc);
    }

    /**
     * A practice new to the directory takes its contract type from the latest payments year imported that names it,
     * which may have come before it ({@link org.gpaction.practices.ContractTypesFromPayments}).
     */
    Changes upsertPractices(List<OdsPractice> practices, Instant now) {
        return jdbc.sql("""
                        with incoming as (
                            select *
                            from unnest(cast(:odsCodes as text[]), cast(:names as text[]),
                                        cast(:groupings as text[]), cast(:icbCodes as text[]),
                                        cast(:line1 as text[]), cast(:line2 as text[]), cast(:line3 as text[]),
                                        cast(:line4 as text[]), cast(:line5 as text[]), cast(:postcodes as text[]),
                                        cast(:openedOn as date[]), cast(:closedOn as date[]),
                                        cast(:statuses as text[]), cast(:subIcbCodes as text[]),
                                        cast(:phones as text[]), cast(:nations as text[]))
                                 as i(ods_code, name, national_grouping, icb_code, line1, line2, line3, line4, line5,
                                      postcode, opened_on, closed_on, status, sub_icb_code, phone, nation)
                        ),
                        written as (
                            insert into practices.practice as p
                                (ods_code, name, national_grouping, icb_code, address_lines, postcode, opened_on,
                                 closed_on, status, sub_icb_code, phone, nation, payments_contract_type,
                                 payments_year, updated_at)
                            select i.ods_code, i.name, i.national_grouping, i.icb_code,
                                   array_remove(array[i.line1, i.line2, i.line3, i.line4, i.line5], null), i.postcode,
                                   i.opened_on, i.closed_on, i.status, i.sub_icb_code, i.phone, i.nation,
                                   k.contract_type, k.payments_year, :now
                            from incoming i
                            left join practices.payments_contract_type k on k.ods_code = i.ods_code
                            on conflict (ods_code) do update
                            set name = excluded.name, national_grouping = excluded.national_grouping,
                                icb_code = excluded.icb_code, address_lines = excluded.address_lines,
                                postcode = excluded.postcode, opened_on = excluded.opened_on,
                                closed_on = excluded.closed_on, status = excluded.status,
                                sub_icb_code = excluded.sub_icb_code, phone = excluded.phone,
                                nation = excluded.nation, updated_at = excluded.updated_at
                            where (p.name, p.national_grouping, p.icb_code, p.address_lines, p.postcode, p.opened_on,
                                   p.closed_on, p.status, p.sub_icb_code, p.phone, p.nation)
                                  is distinct from
                                  (excluded.name, excluded.national_grouping, excluded.icb_code,
                                   excluded.address_lines, excluded.postcode, excluded.opened_on, excluded.closed_on,
                                   excluded.status, excluded.sub_icb_code, excluded.phone, excluded.nation)
                            returning xmax = 0 as created
                        )
                        select count(*) filter (where created) as created,
                               count(*) filter (where not created) as updated
                        from written
                        """)
                .param("odsCodes", column(practices, OdsPractice::odsCode))
                .param("names", column(practices, OdsPractice::name))
                .param("groupings", column(practices, OdsPractice::nationalGrouping))
                .param("icbCodes", column(practices, OdsPractice::icbCode))
                .param("line1", addressLine(practices, 0))
                .param("line2", addressLine(practices, 1))
                .param("line3", addressLine(practices, 2))
                .param("line4", addressLine(practices, 3))
                .param("line5", addressLine(practices, 4))
                .param("postcodes", column(practices, OdsPractice::postcode))
                .param("openedOn", column(practices, practice -> isoDate(practice.openedOn())))
                .param("closedOn", column(practices, practice -> isoDate(practice.closedOn())))
                .param(
                        "statuses",
                        column(practices, practice -> practice.status().name()))
                .param("subIcbCodes", column(practices, OdsPractice::subIcbCode))
                .param("phones", column(practices, OdsPractice::phone))
                .param(
                        "nations",
                        column(practices, practice -> practice.nation().name()))
                .param("now", Timestamp.from(now))
                .query(ImportRepository::changes)
                .single();
    }

    /** The codes among these that name no practice in the directory. */
    Set<String> unknownPractices(Collection<String> odsCodes) {
        return new LinkedHashSet<>(jdbc.sql("""
                        select code from unnest(cast(:codes as text[])) as code
                        where not exists (select 1 from practices.practice p where p.ods_code = code)
                        """)
                .param("codes", odsCodes.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    /** The codes among these that are neither the sub-ICB location nor the ICB of any practice. */
    Set<String> unknownAreas(Collection<String> areaCodes) {
        return new LinkedHashSet<>(jdbc.sql("""
                        select code from unnest(cast(:codes as text[])) as code
                        where not exists (select 1 from practices.practice p where p.sub_icb_code = code)
                          and not exists (select 1 from practices.practice p where p.icb_code = code)
                        """)
                .param("codes", areaCodes.toArray(String[]::new))
                .query(String.class)
                .list());
    }

    Changes setContractTypes(List<ContractTypesFile.Contract> contracts, Instant now) {
        // The second reference to practice is read from the statement's snapshot: it holds the type before.
        return jdbc.sql("""
                        with incoming as (
                            select * from unnest(cast(:codes as text[]), cast(:types as text[]))
                                 as i(ods_code, contract_type)
                        ),
                        written as (
                            update practices.practice p
                            set contract_type = i.contract_type, updated_at = :now
                            from incoming i
                            join practices.practice before on before.ods_code = i.ods_code
                            where p.ods_code = i.ods_code and p.contract_type is distinct from i.contract_type
                            returning before.contract_type is null as created
                        )
                        select count(*) filter (where created) as created,
                               count(*) filter (where not created) as updated
                        from written
                        """)
                .param("codes", column(contracts, ContractTypesFile.Contract::odsCode))
                .param("types", column(contracts, contract -> contract.type().name()))
                .param("now", Timestamp.from(now))
                .query(ImportRepository::changes)
                .single();
    }

    /**
     * Writes one extract's sizes into the history, replacing what an earlier import of the same extract said
     * (a practice the file no longer lists loses its row), then gives each practice it touched the size from its
     * latest extract, so that an older extract imported late fills the history without going back in time.
     * Counts the history's rows.
     */
    Changes setListSizes(LocalDate extractedOn, List<ListSizesFile.ListSize> sizes, Instant now) {
        String[] codes = column(sizes, ListSizesFile.ListSize::odsCode);
        Date extract = Date.valueOf(extractedOn);
        List<String> dropped = jdbc.sql("""
                        delete from practices.list_size
                        where extracted_on = :extractedOn
                          and not exists (select 1 from unnest(cast(:codes as text[])) as code where code = ods_code)
                        returning ods_code
                        """)
                .param("extractedOn", extract)
                .param("codes", codes)
                .query(String.class)
                .list();
        Changes changes = jdbc.sql("""
                        with written as (
                            insert into practices.list_size as l (ods_code, extracted_on, patients)
                            select i.ods_code, :extractedOn, i.patients
                            from unnest(cast(:codes as text[]), cast(:patients as integer[])) as i(ods_code, patients)
                            on conflict (ods_code, extracted_on) do update set patients = excluded.patients
                            where l.patients is distinct from excluded.patients
                            returning xmax = 0 as created
                        )
                        select count(*) filter (where created) as created,
                               count(*) filter (where not created) as updated
                        from written
                        """)
                .param("extractedOn", extract)
                .param("codes", codes)
                .param(
                        "patients",
                        sizes.stream().map(ListSizesFile.ListSize::patients).toArray(Integer[]::new))
                .query(ImportRepository::changes)
                .single();
        jdbc.sql("""
                        update practices.practice p
                        set list_size = latest.patients, list_size_on = latest.extracted_on, updated_at = :now
                        from unnest(cast(:codes as text[])) as touched(ods_code)
                        left join lateral (
                            select l.patients, l.extracted_on
                            from practices.list_size l
                            where l.ods_code = touched.ods_code
                            order by l.extracted_on desc
                            limit 1
                        ) latest on true
                        where p.ods_code = touched.ods_code
                          and (p.list_size, p.list_size_on) is distinct from (latest.patients, latest.extracted_on)
                        """)
                .param(
                        "codes",
                        Stream.concat(Arrays.stream(codes), dropped.stream()).toArray(String[]::new))
                .param("now", Timestamp.from(now))
                .update();
        jdbc.sql("delete from practices.list_size_extract where extracted_on = :extractedOn")
                .param("extractedOn", extract)
                .update();
        jdbc.sql("""
                        insert into practices.list_size_extract (extracted_on, practices, patients)
                        select extracted_on, count(*), sum(patients)
                        from practices.list_size
                        where extracted_on = :extractedOn
                        group by extracted_on
                        """).param("extractedOn", extract).update();
        return changes;
    }

    Changes mapLmcAreas(List<LmcAreasFile.LmcArea> areas) {
        String[] names = column(areas, LmcAreasFile.LmcArea::lmcName);
        jdbc.sql("""
                        insert into practices.lmc (name)
                        select distinct on (lower(i.lmc_name)) i.lmc_name
                        from unnest(cast(:names as text[])) as i(lmc_name)
                        where not exists (select 1 from practices.lmc l where lower(l.name) = lower(i.lmc_name))
                        order by lower(i.lmc_name), i.lmc_name
                        """).param("names", names).update();
        return jdbc.sql("""
                        with incoming as (
                            select * from unnest(cast(:codes as text[]), cast(:names as text[]))
                                 as i(area_code, lmc_name)
                        ),
                        written as (
                            insert into practices.lmc_area as a (area_code, lmc_id)
                            select i.area_code, l.id
                            from incoming i join practices.lmc l on lower(l.name) = lower(i.lmc_name)
                            on conflict (area_code) do update set lmc_id = excluded.lmc_id
                            where a.lmc_id is distinct from excluded.lmc_id
                            returning xmax = 0 as created
                        )
                        select count(*) filter (where created) as created,
                               count(*) filter (where not created) as updated
                        from written
                        """)
                .param("codes", column(areas, LmcAreasFile.LmcArea::areaCode))
                .param("names", names)
                .query(ImportRepository::changes)
                .single();
    }

    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    private static String[] addressLine(List<OdsPractice> practices, int index) {
        return column(
                practices,
                practice -> index < practice.addressLines().size()
                        ? practice.addressLines().get(index)
                        : null);
    }

    private static String isoDate(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static Changes changes(ResultSet rs, int row) throws SQLException {
        return new Changes(rs.getInt("created"), rs.getInt("updated"));
    }
}
