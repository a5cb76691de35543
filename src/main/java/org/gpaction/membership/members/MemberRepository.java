package org.gpaction.membership.members;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.database.SqlStates;
import org.gpaction.membership.Member;
import org.gpaction.membership.MembershipNumbers;
import org.gpaction.membership.MembershipStatus;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.StatusPeriod;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The roll as stored: members, their roles, statuses and versions. */
@Repository
public class MemberRepository {

    /**
     * A member with their roles and their status periods (oldest first), read by one statement: at READ COMMITTED
     * each statement sees the database at one moment, so a change committed meanwhile (an import adding a lapsed
     * partner) is seen whole or not at all, never as a partner whose LAPSED status is not there yet.
     */
    public record Standing(Member member, List<StatusPeriod> statuses) {}

    private static final String SELECT_MEMBER = """
            select membership_number, gmc_number, given_name, family_name, email, status, status_since, joined_on
            from membership.member
            """;

    /** A member's address, whatever the case it is typed or stored in. */
    private static final String BY_EMAIL = " where lower(email) = lower(:email)";

    /** The members a search finds: by part of their name, or all of their number, GMC number, address or practice. */
    private static final String MATCHING = """
            where :q = '' or lower(given_name || ' ' || family_name) like :like
               or upper(membership_number) = upper(:q) or gmc_number = :q or lower(email) = lower(:q)
               or exists (select 1 from membership.member_role r
                          where r.membership_number = member.membership_number
                            and r.practice_ods = upper(:q))
            """;

    /**
     * Members with their roles and status periods in one statement (see {@link Standing}): a row for each member, each
     * role and each status period, told apart by its kind, each table read once however many members there are, and
     * in no order: sorting the three tables' rows together costs more than sorting the members alone afterwards.
     * {@code %1$s} narrows every part to the same members.
     */
    private static final String STANDINGS = """
            select 'MEMBER' as kind, membership_number, gmc_number, given_name, family_name, email, status,
                   status_since, joined_on, null as role, null as practice_ods, null::date as role_from,
                   null::date as role_to, null::timestamptz as declared_at, null::integer as position,
                   null::date as since
            from membership.member %1$s
            union all
            select 'ROLE', membership_number, null, null, null, null, null, null, null, role, practice_ods,
                   role_from, role_to, declared_at, position, null
            from membership.member_role %1$s
            union all
            select 'STATUS', membership_number, null, null, null, null, status, null, null, null, null, null,
                   null, null, null, since
            from membership.member_status %1$s
            """;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;
    private final JsonMapper json;
    private final MembershipProperties properties;

    MemberRepository(
            JdbcClient jdbc, NamedParameterJdbcTemplate batch, JsonMapper json, MembershipProperties properties) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
        this.properties = properties;
    }

    /** The member with this number, whatever the case it is typed or stored in. */
    public Optional<Member> find(String membershipNumber) {
        return jdbc.sql(SELECT_MEMBER + " where upper(membership_number) = :number")
                .param("number", MembershipNumbers.normalise(membershipNumber))
                .query(MemberRepository::memberWithoutRoles)
                .optional()
                .map(member -> withRoles(member, roles(List.of(member.membershipNumber()))));
    }

    public Optional<Member> findByEmail(String email) {
        return jdbc.sql(SELECT_MEMBER + BY_EMAIL)
                .param("email", email)
                .query(MemberRepository::memberWithoutRoles)
                .optional()
                .map(member -> withRoles(member, roles(List.of(member.membershipNumber()))));
    }

    /** Whether a member has this address, as {@link #findByEmail} finds them, without reading the member. */
    public boolean existsByEmail(String email) {
        return jdbc.sql("select exists (select 1 from membership.member " + BY_EMAIL + ")")
                .param("email", email)
                .query(Boolean.class)
                .single();
    }

    public Optional<String> membershipNumberForGmc(String gmcNumber) {
        return jdbc.sql("select membership_number from membership.member where gmc_number = :gmc")
                .param("gmc", gmcNumber)
                .query(String.class)
                .optional();
    }

    /**
     * The member with this number, whatever the case it is typed or stored in, with their roles and status periods as
     * one statement read them (see {@link Standing}).
     */
    public Optional<Standing> standing(String membershipNumber) {
        return standings(List.of(membershipNumber)).values().stream().findFirst();
    }

    /**
     * These members with their roles and status periods as one statement read them (see {@link Standing}), by
     * membership number as stored; a number with no member is left out.
     */
    public Map<String, Standing> standings(Collection<String> membershipNumbers) {
        if (membershipNumbers.isEmpty()) {
            return Map.of();
        }
        String[] numbers = membershipNumbers.stream()
                .map(MembershipNumbers::normalise)
                .distinct()
                .toArray(String[]::new);
        Map<String, Standing> standings = new HashMap<>();
        for (Standing standing : standings(
                STANDINGS.formatted("where membership_number in (select membership_number from membership.member"
                        + " where upper(membership_number) = any(:numbers))"),
                numbers)) {
            standings.put(standing.member().membershipNumber(), standing);
        }
        return standings;
    }

    /**
     * Every member with their roles and status periods as one statement read them (see {@link Standing}), in
     * membership number order (character by character), for judging a whole roll at once.
     */
    public List<Standing> allStandings() {
        return standings(STANDINGS.formatted(""), null);
    }

    private List<Standing> standings(String sql, String[] numbers) {
        List<Member> found = new ArrayList<>();
        Map<String, List<PositionedRole>> roles = new HashMap<>();
        Map<String, List<StatusPeriod>> statuses = new HashMap<>();
        JdbcClient.StatementSpec statement = jdbc.sql(sql);
        if (numbers != null) {
            statement = statement.param("numbers", numbers);
        }
        statement.query(rs -> {
            String number = rs.getString("membership_number");
            switch (rs.getString("kind")) {
                case "MEMBER" -> found.add(memberWithoutRoles(rs, 0));
                case "ROLE" ->
                    roles.computeIfAbsent(number, key -> new ArrayList<>())
                            .add(new PositionedRole(rs.getInt("position"), role(rs)));
                default ->
                    statuses.computeIfAbsent(number, key -> new ArrayList<>())
                            .add(new StatusPeriod(
                                    MembershipStatus.valueOf(rs.getString("status")),
                                    rs.getDate("since").toLocalDate()));
            }
        });
        found.sort(Comparator.comparing(Member::membershipNumber));
        List<Standing> standings = new ArrayList<>(found.size());
        for (Member member : found) {
            List<PositionedRole> positioned = roles.getOrDefault(member.membershipNumber(), List.of());
            List<RoleHeld> held = new ArrayList<>(positioned.size());
            if (positioned.size() > 1) {
                positioned.sort(Comparator.comparingInt(PositionedRole::position));
            }
            for (PositionedRole role : positioned) {
                held.add(role.role());
            }
            List<StatusPeriod> periods = statuses.getOrDefault(member.membershipNumber(), List.of());
            if (periods.size() > 1) {
                periods.sort(Comparator.comparing(StatusPeriod::since));
            }
            standings.add(new Standing(withRoles(member, held), periods));
        }
        return standings;
    }

    private record PositionedRole(int position, RoleHeld role) {}

    public List<StatusPeriod> statuses(String membershipNumber) {
        return jdbc.sql("select status, since from membership.member_status where membership_number = :number"
                        + " order by since")
                .param("number", membershipNumber)
                .query((rs, row) -> new StatusPeriod(
                        MembershipStatus.valueOf(rs.getString(1)), rs.getDate(2).toLocalDate()))
                .list();
    }

    List<Member> search(String query, int limit, int offset) {
        List<Member> members = jdbc.sql(SELECT_MEMBER + MATCHING + """
                        order by family_name, given_name, membership_number limit :limit offset :offset
                        """)
                .param("q", query.strip())
                .param("like", like(query))
                .param("limit", limit)
                .param("offset", offset)
                .query(MemberRepository::memberWithoutRoles)
                .list();
        Map<String, List<RoleHeld>> roles =
                roles(members.stream().map(Member::membershipNumber).toList());
        return members.stream().map(member -> withRoles(member, roles)).toList();
    }

    /** How many members {@link #search} finds for the query, however many it lists. */
    int countMatching(String query) {
        return jdbc.sql("select count(*) from membership.member " + MATCHING)
                .param("q", query.strip())
                .param("like", like(query))
                .query(Integer.class)
                .single();
    }

    private static String like(String query) {
        return "%" + query.strip().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%";
    }

    int count() {
        return jdbc.sql("select count(*) from membership.member")
                .query(Integer.class)
                .single();
    }

    public void insert(Member member, Instant now) {
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                                                       status, status_since, joined_on, updated_at)
                        values (:number, :gmc, :given, :family, :email, :status, :since, :joined, :now)
                        """)
                .paramSource(params(member).addValue("now", Timestamp.from(now)))
                .update();
        replaceRoles(member);
    }

    public void update(Member member, Instant now) {
        jdbc.sql("""
                        update membership.member set gmc_number = :gmc, given_name = :given, family_name = :family,
                               email = :email, status = :status, status_since = :since, joined_on = :joined,
                               updated_at = :now
                        where membership_number = :number
                        """)
                .paramSource(params(member).addValue("now", Timestamp.from(now)))
                .update();
        replaceRoles(member);
    }

    /** The member's status since its day, replacing whatever was recorded after that day (which it corrects). */
    public void recordStatus(Member member) {
        jdbc.sql("delete from membership.member_status where membership_number = :number and since > :since")
                .param("number", member.membershipNumber())
                .param("since", Date.valueOf(member.statusSince()))
                .update();
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        values (:number, :since, :status)
                        on conflict (membership_number, since) do update set status = excluded.status
                        """)
                .param("number", member.membershipNumber())
                .param("since", Date.valueOf(member.statusSince()))
                .param("status", member.status().name())
                .update();
    }

    public void recordVersion(Member member, String actor, Instant now) {
        jdbc.sql("""
                        insert into membership.member_version (membership_number, recorded_at, recorded_by, snapshot)
                        values (:number, :now, :actor, cast(:snapshot as jsonb))
                        """)
                .param("number", member.membershipNumber())
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .param("snapshot", json.writeValueAsString(member))
                .update();
    }

    /** The member as the roll recorded them at an instant, or empty if they were not on it yet. */
    Optional<Member> asKnownAt(String membershipNumber, Instant instant) {
        return jdbc.sql("""
                        select snapshot::text from membership.member_version
                        where membership_number = (select membership_number from membership.member
                                                   where upper(membership_number) = :number)
                          and recorded_at <= :at
                        order by recorded_at desc, id desc limit 1
                        """)
                .param("number", MembershipNumbers.normalise(membershipNumber))
                .param("at", Timestamp.from(instant))
                .query(String.class)
                .optional()
                .map(snapshot -> json.readValue(snapshot, Member.class));
    }

    /**
     * The next number for someone who joins, past every number already on the roll: imported numbers may use any
     * range, the sequence's included. Callers hold the roll lock, so no import or join can add a number meanwhile.
     */
    public String nextMembershipNumber() {
        return jdbc.sql("""
                        select 'M' || greatest(
                            nextval('membership.membership_number_seq'),
                            (select coalesce(max(substring(membership_number from 2)::numeric), 0) + 1
                             from membership.member
                             where membership_number ~ '^[Mm][0-9]{1,30}$'))
                        """).query(String.class).single();
    }

    /**
     * The roll for one change (a join, a member's details, or an import): an import holds it from its checks until it
     * commits, minutes for a large file, so the change waits at most {@code rollWait} and then throws
     * {@link RollBeingUpdated}, its transaction rolled back, rather than hang that long holding a pooled connection.
     * The wait is set for this transaction alone and put back once the roll is held, all in one round trip.
     */
    public void lockRollForOneChange() {
        try {
            // The subquery's row comes first: it notes the transaction's wait for locks and sets the roll's; then the
            // roll is taken and the wait noted put back, each select list computed in the order written. Set with
            // true, the wait is undone with the transaction too, so none goes back to the pool on a connection. The
            // statement begins with the lock, as pg_stat_activity shows it to whoever looks for what waits on the roll.
            jdbc.sql("""
                            select pg_advisory_xact_lock(hashtext('membership.roll')),
                                   set_config('lock_timeout', waiting.noted, true)
                            from (select current_setting('lock_timeout') as noted,
                                         set_config('lock_timeout', :wait, true) as roll_wait
                                  offset 0) as waiting
                            """)
                    .param("wait", properties.rollWait().toMillis() + "ms")
                    .query()
                    .singleRow();
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
                throw new RollBeingUpdated();
            }
            throw e;
        }
    }

    private void replaceRoles(Member member) {
        jdbc.sql("delete from membership.member_role where membership_number = :number")
                .param("number", member.membershipNumber())
                .update();
        List<MapSqlParameterSource> rows = new ArrayList<>();
        for (int i = 0; i < member.roles().size(); i++) {
            RoleHeld role = member.roles().get(i);
            rows.add(new MapSqlParameterSource()
                    .addValue("number", member.membershipNumber())
                    .addValue("position", i)
                    .addValue("role", role.role().name())
                    .addValue("practice", role.practiceOds())
                    .addValue("from", Date.valueOf(role.from()))
                    .addValue("to", role.to() == null ? null : Date.valueOf(role.to()))
                    .addValue("declared", role.declaredAt() == null ? null : Timestamp.from(role.declaredAt())));
        }
        if (!rows.isEmpty()) {
            batch.batchUpdate("""
                    insert into membership.member_role (membership_number, position, role, practice_ods, role_from, role_to,
                                                        declared_at)
                    values (:number, :position, :role, :practice, :from, :to, :declared)
                    """, rows.toArray(MapSqlParameterSource[]::new));
        }
    }

    private Map<String, List<RoleHeld>> roles(Collection<String> numbers) {
        Map<String, List<RoleHeld>> roles = new HashMap<>();
        jdbc.sql("""
                        select membership_number, role, practice_ods, role_from, role_to, declared_at
                        from membership.member_role
                        where membership_number = any(:numbers) order by membership_number, position
                        """).param("numbers", numbers.toArray(String[]::new)).query(rs -> {
            roles.computeIfAbsent(rs.getString(1), key -> new ArrayList<>()).add(role(rs));
        });
        return roles;
    }

    private static MapSqlParameterSource params(Member member) {
        return new MapSqlParameterSource()
                .addValue("number", member.membershipNumber())
                .addValue("gmc", member.gmcNumber())
                .addValue("given", member.givenName())
                .addValue("family", member.familyName())
                .addValue("email", member.email())
                .addValue("status", member.status().name())
                .addValue("since", Date.valueOf(member.statusSince()))
                .addValue("joined", Date.valueOf(member.joinedOn()));
    }

    private static RoleHeld role(ResultSet rs) throws SQLException {
        Date to = rs.getDate("role_to");
        Timestamp declared = rs.getTimestamp("declared_at");
        return new RoleHeld(
                PracticeRole.valueOf(rs.getString("role")),
                rs.getString("practice_ods"),
                rs.getDate("role_from").toLocalDate(),
                to == null ? null : to.toLocalDate(),
                declared == null ? null : declared.toInstant());
    }

    private static Member memberWithoutRoles(ResultSet rs, int row) throws SQLException {
        return new Member(
                rs.getString("membership_number"),
                rs.getString("gmc_number"),
                rs.getString("given_name"),
                rs.getString("family_name"),
                rs.getString("email"),
                MembershipStatus.valueOf(rs.getString("status")),
                rs.getDate("status_since").toLocalDate(),
                rs.getDate("joined_on").toLocalDate(),
                List.of());
    }

    private static Member withRoles(Member member, Map<String, List<RoleHeld>> roles) {
        return withRoles(member, roles.getOrDefault(member.membershipNumber(), List.of()));
    }

    private static Member withRoles(Member member, List<RoleHeld> roles) {
        return new Member(
                member.membershipNumber(),
                member.gmcNumber(),
                member.givenName(),
                member.familyName(),
                member.email(),
                member.status(),
                member.statusSince(),
                member.joinedOn(),
                roles);
    }
}
