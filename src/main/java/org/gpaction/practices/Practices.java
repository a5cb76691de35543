package org.gpaction.practices;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.gpaction.common.UkTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Looking practices up by ODS code: what other modules need of the directory. */
@Service
public class Practices {

    private static final String SELECT_PRACTICE = """
            select p.ods_code, p.name, p.postcode, p.icb_code, p.sub_icb_code, p.status, p.nation,
                   p.contract_type, p.list_size, p.opened_on, p.closed_on, p.lmc
            from practices.practice_directory p
            """;

    private final JdbcClient jdbc;

    Practices(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Practice> find(String odsCode) {
        if (odsCode == null) {
            return Optional.empty();
        }
        return jdbc.sql(SELECT_PRACTICE + " where p.ods_code = :ods")
                .param("ods", odsCode.strip().toUpperCase(Locale.ROOT))
                .query(Practices::practice)
                .optional();
    }

    /** The practices among these codes that are in the directory, by ODS code. */
    public Map<String, Practice> findAll(Collection<String> odsCodes) {
        if (odsCodes.isEmpty()) {
            return Map.of();
        }
        String[] codes = odsCodes.stream()
                .map(code -> code.strip().toUpperCase(Locale.ROOT))
                .distinct()
                .toArray(String[]::new);
        Map<String, Practice> found = new LinkedHashMap<>();
        jdbc.sql(SELECT_PRACTICE + " where p.ods_code = any(:codes)")
                .param("codes", codes)
                .query(Practices::practice)
                .list()
                .forEach(practice -> found.put(practice.odsCode(), practice));
        return found;
    }

    /** The practice's address and telephone number, for what is shown to its patients. */
    public Optional<PracticeContact> contact(String odsCode) {
        if (odsCode == null) {
            return Optional.empty();
        }
        return jdbc.sql("select ods_code, address_lines, postcode, phone from practices.practice where ods_code = :ods")
                .param("ods", odsCode.strip().toUpperCase(Locale.ROOT))
                .query((rs, row) -> {
                    java.sql.Array lines = rs.getArray("address_lines");
                    return new PracticeContact(
                            rs.getString("ods_code"),
                            lines == null ? List.of() : List.of((String[]) lines.getArray()),
                            rs.getString("postcode"),
                            rs.getString("phone"));
                })
                .optional();
    }

    /** The telephone numbers the directory has for these practices (none blank), by ODS code, in one query. */
    public Map<String, String> phones(Collection<String> odsCodes) {
        String[] codes = odsCodes.stream()
                .filter(Objects::nonNull)
                .map(code -> code.strip().toUpperCase(Locale.ROOT))
                .distinct()
                .toArray(String[]::new);
        if (codes.length == 0) {
            return Map.of();
        }
        Map<String, String> phones = new LinkedHashMap<>();
        jdbc.sql("""
                        select ods_code, phone from practices.practice where ods_code = any(:codes) and phone is not null
                        """).param("codes", codes).query(rs -> {
            if (!rs.getString(2).isBlank()) {
                phones.put(rs.getString(1), rs.getString(2));
            }
        });
        return phones;
    }

    /** Every practice in the directory, for work over the whole country (eligibility, uptake). */
    public List<Practice> all() {
        return jdbc.sql(SELECT_PRACTICE).query(Practices::practice).list();
    }

    /**
     * A stamp that changes whenever the directory does, so that others can keep what they derive from it until it
     * changes, on any instance. Every change to the directory's practices, their areas, LMC areas and list sizes is
     * made by an import here, which is recorded; one index lookup, however large the directory. (Contract types from
     * the payments file arrive with an insights import, which that module records.)
     */
    public String version() {
        return jdbc.sql("select coalesce(max(id), 0) from practices.import_run")
                .query(String.class)
                .single();
    }

    /**
     * The day (UK) the directory's ODS practice file, the one its practices' statuses come from, was last imported;
     * empty while none has been. The file itself carries no date.
     */
    public Optional<LocalDate> odsFileImportedOn() {
        return jdbc.sql("""
                        select imported_at from practices.import_run
                        where format = 'EPRACCUR' and problems = 0
                        order by imported_at desc, id desc
                        limit 1
                        """)
                .query(Timestamp.class)
                .optional()
                .map(importedAt -> LocalDate.ofInstant(importedAt.toInstant(), UkTime.ZONE));
    }

    public Set<String> unknownCodes(Collection<String> odsCodes) {
        Set<String> unknown = new HashSet<>();
        for (String code : odsCodes) {
            unknown.add(code.strip().toUpperCase(Locale.ROOT));
        }
        unknown.removeAll(findAll(unknown).keySet());
        return unknown;
    }

    /** The LMC with this name, whatever its case, as the directory spells it; empty when there is none. */
    public Optional<String> lmcCalled(String name) {
        return jdbc.sql("select name from practices.lmc where lower(name) = lower(:name)")
                .param("name", name.strip())
                .query(String.class)
                .optional();
    }

    /**
     * The LMCs, as the directory names them, whose areas cover a practice with this ODS national grouping (an NHS
     * England region's code, such as Y56), whatever the practice's status: the regions an LMC works in.
     */
    public List<String> lmcsInNationalGrouping(String nationalGrouping) {
        return jdbc.sql("""
                        select distinct lmc from practices.practice_directory
                        where national_grouping = :grouping and lmc is not null
                        order by lmc
                        """)
                .param("grouping", nationalGrouping)
                .query(String.class)
                .list();
    }

    /**
     * The directory's ICB filter, for a statement over practices {@code p} given the code, upper case, as {@code :icb}:
     * a practice's ICB, or for a practice in Wales its health board too, as lists show it where an ICB would be (ODS
     * gives Wales the placeholder Q99 there and the health board where a sub-ICB location would be). {@link
     * Practice#isInIcb} is the same rule for a practice in hand.
     */
    public static final String IN_ICB = "(p.icb_code = :icb or (p.nation = 'WALES' and p.sub_icb_code = :icb))";

    /**
     * Whether any practice in the directory, open or closed, is in the ICB with this code, whatever its case, as the
     * directory's ICB filter takes it ({@link #IN_ICB}).
     */
    public boolean hasIcb(String code) {
        return jdbc.sql("select exists (select 1 from practices.practice p where " + IN_ICB + ")")
                .param("icb", code.strip().toUpperCase(Locale.ROOT))
                .query(Boolean.class)
                .single();
    }

    /**
     * Whether the ICB filter takes this code, whatever its case, as a health board in Wales rather than an ICB: a page
     * names it as one.
     */
    public boolean isHealthBoard(String code) {
        return jdbc.sql("""
                        select exists (select 1 from practices.practice
                                       where nation = 'WALES' and sub_icb_code = :code and icb_code <> :code)
                        """)
                .param("code", code.strip().toUpperCase(Locale.ROOT))
                .query(Boolean.class)
                .single();
    }

    private static Practice practice(ResultSet rs, int row) throws SQLException {
        String contract = rs.getString("contract_type");
        Integer listSize = rs.getObject("list_size", Integer.class);
        return new Practice(
                rs.getString("ods_code"),
                rs.getString("name"),
                rs.getString("postcode"),
                rs.getString("icb_code"),
                rs.getString("sub_icb_code"),
                PracticeStatus.valueOf(rs.getString("status")),
                Nation.valueOf(rs.getString("nation")),
                contract == null ? null : ContractType.valueOf(contract),
                listSize,
                rs.getString("lmc"),
                localDate(rs.getDate("opened_on")),
                localDate(rs.getDate("closed_on")));
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }
}
