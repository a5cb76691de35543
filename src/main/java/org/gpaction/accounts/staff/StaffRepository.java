package org.gpaction.accounts.staff;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class StaffRepository {

    private static final String SELECT_STAFF = """
            select s.id, s.email, s.password_hash, s.role, s.lmc, s.enabled, s.version, s.credentials_version,
                   s.password_set, s.created_at, s.created_by,
                   array(select p.ods_code from accounts.staff_practice p
                         where p.staff_id = s.id order by p.ods_code) as practices
            from accounts.staff s
            """;

    private final JdbcClient jdbc;

    StaffRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StaffPrincipal> findPrincipalByEmail(String email) {
        // Lower-cased as the sign-in limits key their counts, so that no spelling the database folds differently
        // ("İ") reaches an account under a count of its own. Every address is stored lower-cased this way.
        return jdbc.sql(SELECT_STAFF + " where lower(s.email) = :email")
                .param("email", email.strip().toLowerCase(Locale.ROOT))
                .query(StaffRepository::principal)
                .optional();
    }

    public Optional<StaffPrincipal> findPrincipalById(long id) {
        return jdbc.sql(SELECT_STAFF + " where s.id = :id")
                .param("id", id)
                .query(StaffRepository::principal)
                .optional();
    }

    /** The account's version, which every change to its role, practices, LMC or enabled flag makes larger. */
    public Optional<Long> version(long id) {
        return jdbc.sql("select version from accounts.staff where id = :id")
                .param("id", id)
                .query(Long.class)
                .optional();
    }

    /** The account's two versions, read together by its key on every signed-in page request. */
    public record Versions(long version, long credentialsVersion) {}

    /**
     * The account's {@linkplain #version version} and credentials version, which every password chosen, changed or
     * reset and every disabling makes larger.
     */
    public Optional<Versions> versions(long id) {
        return jdbc.sql("select version, credentials_version from accounts.staff where id = :id")
                .param("id", id)
                .query((rs, row) -> new Versions(rs.getLong("version"), rs.getLong("credentials_version")))
                .optional();
    }

    /**
     * Whether the account is enabled and its credentials version is still the one given, holding the account's row
     * against change until the caller's transaction ends: a password change, reset or disabling under way waits for
     * the caller (and then ends what it wrote), or has already moved the version on (and the caller writes nothing).
     */
    public boolean holdCredentials(long id, long credentialsVersion) {
        return jdbc.sql("""
                        select id from accounts.staff
                        where id = :id and credentials_version = :credentials and enabled
                        for share
                        """)
                .param("id", id)
                .param("credentials", credentialsVersion)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    /**
     * The member of staff a live API token (by its hash) belongs to, in one statement that also records the token's
     * use at most once a minute, so a busy client does not write on every request.
     */
    public Optional<StaffPrincipal> findPrincipalByToken(byte[] tokenHash, Instant now) {
        return jdbc.sql("""
                        with token as (
                            select staff_id from accounts.api_token where token_hash = :hash and revoked_at is null
                        ), used as (
                            update accounts.api_token set last_used_at = :now
                            where token_hash = :hash and revoked_at is null
                              and (last_used_at is null or last_used_at < :recent)
                        )
                        """ + SELECT_STAFF + " join token t on t.staff_id = s.id")
                .param("hash", tokenHash)
                .param("now", Timestamp.from(now))
                .param("recent", Timestamp.from(now.minusSeconds(60)))
                .query(StaffRepository::principal)
                .optional();
    }

    Optional<StaffAccount> findById(long id) {
        return jdbc.sql(SELECT_STAFF + " where s.id = :id")
                .param("id", id)
                .query(StaffRepository::account)
                .optional();
    }

    List<StaffAccount> findAll() {
        return jdbc.sql(SELECT_STAFF + " order by lower(s.email)")
                .query(StaffRepository::account)
                .list();
    }

    boolean emailExists(String email) {
        return jdbc.sql("select exists (select 1 from accounts.staff where lower(email) = lower(:email))")
                .param("email", email)
                .query(Boolean.class)
                .single();
    }

    boolean enabledAdminExists() {
        return jdbc.sql("select exists (select 1 from accounts.staff where role = 'ADMIN' and enabled)")
                .query(Boolean.class)
                .single();
    }

    boolean isEnabledAdmin(long id) {
        return jdbc.sql("select exists (select 1 from accounts.staff where id = :id and role = 'ADMIN' and enabled)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    boolean enabledAdminExistsBesides(long id) {
        return jdbc.sql("select exists (select 1 from accounts.staff where role = 'ADMIN' and enabled and id <> :id)")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    long insert(
            String email,
            String passwordHash,
            StaffRole role,
            Set<String> practices,
            String lmc,
            boolean passwordSet,
            String actor,
            Instant now) {
        long id = jdbc.sql("""
                        insert into accounts.staff (email, password_hash, password_set, role, lmc, enabled,
                                                    created_at, created_by, changed_at, changed_by)
                        values (:email, :hash, :set, :role, :lmc, true, :now, :actor, :now, :actor)
                        returning id
                        """)
                .param("email", email)
                .param("hash", passwordHash)
                .param("set", passwordSet)
                .param("role", role.name())
                .param("lmc", lmc)
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .query(Long.class)
                .single();
        insertPractices(id, practices);
        return id;
    }

    private void insertPractices(long id, Set<String> practices) {
        for (String odsCode : practices) {
            jdbc.sql("insert into accounts.staff_practice (staff_id, ods_code) values (:id, :ods)")
                    .param("id", id)
                    .param("ods", odsCode)
                    .update();
        }
    }

    /**
     * The account's {@linkplain #version version}, holding its row against change until the caller's transaction ends,
     * so that what the caller then reads and writes is not changed by another meanwhile.
     */
    Optional<Long> hold(long id) {
        return jdbc.sql("select version from accounts.staff where id = :id for update")
                .param("id", id)
                .query(Long.class)
                .optional();
    }

    /**
     * Whether the account is enabled, holding its row against change until the caller's transaction ends, as updating
     * it would: for a change that then writes the account's other rows, taken before them as disabling it takes them.
     */
    boolean holdEnabled(long id) {
        return jdbc.sql("select id from accounts.staff where id = :id and enabled for no key update")
                .param("id", id)
                .query(Long.class)
                .optional()
                .isPresent();
    }

    /** A new role and scope; false when there is no such account. */
    boolean updateScope(long id, StaffRole role, Set<String> practices, String lmc, String actor, Instant now) {
        int updated = jdbc.sql("""
                        update accounts.staff set role = :role, lmc = :lmc, version = version + 1,
                                          changed_at = :now, changed_by = :actor
                        where id = :id
                        """)
                .param("role", role.name())
                .param("lmc", lmc)
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .param("id", id)
                .update();
        if (updated != 1) {
            return false;
        }
        jdbc.sql("delete from accounts.staff_practice where staff_id = :id")
                .param("id", id)
                .update();
        insertPractices(id, practices);
        return true;
    }

    /**
     * A new password, which ends what the old one signed in: the account's credentials version moves on.
     *
     * @return the account's new credentials version
     */
    long setPassword(long id, String passwordHash, String actor, Instant now) {
        return newPassword(id, passwordHash, actor, now, "").query(Long.class).single();
    }

    /** The stored hash and the credentials version it is under. */
    record Credentials(String passwordHash, long version) {
        @Override
        public String toString() {
            return "Credentials[version=" + version + "]";
        }
    }

    /** The stored hash, to check a person's current password before they change it, with its credentials version. */
    Optional<Credentials> credentials(long id) {
        return jdbc.sql("select password_hash, credentials_version from accounts.staff where id = :id and enabled")
                .param("id", id)
                .query((rs, row) -> new Credentials(rs.getString("password_hash"), rs.getLong("credentials_version")))
                .optional();
    }

    /**
     * A new password in place of the one checked under {@code credentialsVersion}, as {@link #setPassword} makes one;
     * none when the credentials have moved on since that check (a password chosen from a link, another change, the
     * account disabled), as the password checked then may no longer be the account's.
     *
     * @return the account's new credentials version, or empty when nothing was changed
     */
    Optional<Long> replacePassword(long id, long credentialsVersion, String passwordHash, String actor, Instant now) {
        return newPassword(id, passwordHash, actor, now, "and credentials_version = :credentials and enabled")
                .param("credentials", credentialsVersion)
                .query(Long.class)
                .optional();
    }

    /** The update both {@link #setPassword} and {@link #replacePassword} make, where {@code condition} also holds. */
    private JdbcClient.StatementSpec newPassword(
            long id, String passwordHash, String actor, Instant now, String condition) {
        return jdbc.sql("""
                        update accounts.staff set password_hash = :hash, password_set = true,
                                                  credentials_version = credentials_version + 1,
                                                  changed_at = :now, changed_by = :actor
                        where id = :id %s
                        returning credentials_version
                        """.formatted(condition))
                .param("hash", passwordHash)
                .param("now", Timestamp.from(now))
                .param("actor", actor)
                .param("id", id);
    }

    boolean setEnabled(long id, boolean enabled, String actor, Instant now) {
        return jdbc.sql("""
                        update accounts.staff set enabled = :enabled, version = version + 1,
                                          credentials_version = credentials_version
                                                                + case when :enabled then 0 else 1 end,
                                          changed_at = :now, changed_by = :actor
                        where id = :id
                        """)
                        .param("enabled", enabled)
                        .param("now", Timestamp.from(now))
                        .param("actor", actor)
                        .param("id", id)
                        .update()
                == 1;
    }

    void revokeTokens(long id, Instant now) {
        jdbc.sql("update accounts.api_token set revoked_at = :now where staff_id = :id and revoked_at is null")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /**
     * Deletes the account's page sessions, on every instance at once, since they all share the session table; the
     * rows are named by the email the person signed in with, which never changes.
     */
    int endSessions(long id) {
        return endOtherSessions(id, null);
    }

    /** As {@link #endSessions}, but the one given (the session changing the password) stays. */
    int endOtherSessions(long id, String keepSessionId) {
        return jdbc.sql("""
                        delete from accounts.page_session
                        where principal_name = (select email from accounts.staff where id = :id)
                          and session_id is distinct from :keep
                        """).param("id", id).param("keep", keepSessionId).update();
    }

    /**
     * Serialises every change to staff accounts across every application instance: creating the first administrator,
     * and every create, change of role or scope, disabling and enabling of an account, and every password link sent
     * (each checks under it that the administrator making it still is one). Held until the transaction ends.
     */
    void lockFirstAdmin() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('accounts.first-admin'))")
                .query()
                .singleRow();
    }

    private static StaffPrincipal principal(ResultSet rs, int row) throws SQLException {
        return new StaffPrincipal(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("password_hash"),
                StaffRole.valueOf(rs.getString("role")),
                Set.copyOf(practices(rs)),
                rs.getString("lmc"),
                rs.getBoolean("enabled"),
                rs.getLong("version"),
                rs.getLong("credentials_version"));
    }

    private static StaffAccount account(ResultSet rs, int row) throws SQLException {
        return new StaffAccount(
                rs.getLong("id"),
                rs.getString("email"),
                StaffRole.valueOf(rs.getString("role")),
                practices(rs),
                rs.getString("lmc"),
                rs.getBoolean("enabled"),
                rs.getBoolean("password_set"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }

    private static List<String> practices(ResultSet rs) throws SQLException {
        Array array = rs.getArray("practices");
        return Arrays.asList((String[]) array.getArray());
    }
}
