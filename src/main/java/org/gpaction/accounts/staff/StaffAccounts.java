package org.gpaction.accounts.staff;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.gpaction.accounts.StaffAccessChanged;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.TypedText;
import org.gpaction.practices.Practices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, listing, changing, disabling and enabling staff accounts. A new account is sent an invitation to choose
 * its own password; only the API may still give one (for automation), and it is checked by the same policy.
 */
@Service
public class StaffAccounts {

    public static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_LMC_LENGTH = 200;

    private static final Pattern ODS_CODE = Pattern.compile("^[A-Z][A-Z0-9]{5}$");

    private final StaffRepository repository;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final Practices directory;
    private final PasswordLinks passwordLinks;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    StaffAccounts(
            StaffRepository repository,
            PasswordPolicy passwordPolicy,
            PasswordEncoder passwordEncoder,
            Practices directory,
            PasswordLinks passwordLinks,
            Clock clock,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.directory = directory;
        this.passwordLinks = passwordLinks;
        this.clock = clock;
        this.events = events;
    }

    /**
     * Creates an account. Without a password (as the pages always send it) the person is emailed an invitation to
     * choose their own, and until then no password opens the account. Made only while {@code actorId} is still an
     * enabled administrator.
     */
    @Transactional
    public StaffAccount create(CreateStaffCommand command, long actorId, String actor) {
        boolean invite = command.password() == null || command.password().isEmpty();
        ValidStaff staff = validate(command, !invite, true);
        // An invited account's hash is of a secret nobody keeps, so no password matches it. Hashed before the lock,
        // which every other staff change waits for.
        String passwordHash =
                passwordEncoder.encode(invite ? org.gpaction.common.SecretTokens.generate() : command.password());
        stillAnAdministrator(repository, actorId, "role", "create an account");
        if (repository.emailExists(staff.email())) {
            throw emailTaken();
        }
        long id = insert(staff, passwordHash, !invite, actor);
        StaffAccount created = repository.findById(id).orElseThrow();
        if (invite) {
            passwordLinks.invite(created, actor);
        }
        return created;
    }

    /**
     * A new role, practices and LMC for an account; the person's open sessions take them at their next request.
     * Nobody changes their own role, so the last administrator cannot demote themselves by mistake.
     */
    @Transactional
    public StaffAccount changeScope(long id, CreateStaffCommand command, long actorId, String actor) {
        return changeScope(id, command, null, actorId, actor);
    }

    /**
     * The same, from a page that showed the account at {@code seenVersion}: if it has changed since, nothing is saved,
     * as saving the page would undo the other change (a practice another administrator gave, say). Null when the
     * caller saw no version (the API), which saves whatever the account has become.
     */
    @Transactional
    public StaffAccount changeScope(long id, CreateStaffCommand command, Long seenVersion, long actorId, String actor) {
        StaffAccount account = repository.findById(id).orElseThrow(() -> new StaffNotFound(id));
        // The address is the account's own, not given here: it was checked when the account was made, under the rule
        // of that day, and a change of role or practices is never refused over it.
        ValidStaff staff = validate(
                new CreateStaffCommand(account.email(), null, command.role(), command.practices(), command.lmc()),
                false,
                false);
        if (id == actorId && staff.role() != account.role()) {
            throw new InvalidStaffDetails(Map.of("role", "You cannot change your own role: ask another administrator"));
        }
        stillAnAdministrator(
                repository,
                actorId,
                "role",
                account.role() == StaffRole.ADMIN && staff.role() != StaffRole.ADMIN
                        ? "demote one"
                        : "change an account");
        if (staff.role() != StaffRole.ADMIN) {
            keepAnAdministrator(id, "role", "demote");
        }
        // The account's row is held from here, after the first administrator's lock as a disabling takes them.
        long version = repository.hold(id).orElseThrow(() -> new StaffNotFound(id));
        if (seenVersion != null && seenVersion != version) {
            throw new StaffChangedMeanwhile();
        }
        repository.updateScope(id, staff.role(), staff.practices(), staff.lmc(), actor, clock.instant());
        return announced(repository.findById(id).orElseThrow());
    }

    /** The account's version, which every change to its role, practices, LMC or enabled flag makes larger. */
    public Optional<Long> version(long id) {
        return repository.version(id);
    }

    /**
     * A signed-in person changes their own password, giving their current one first. Whoever else knew the old one is
     * shut out: every other page session signed in as them ends, their API tokens are revoked, and a password link
     * not yet used no longer works.
     *
     * @param sessionId the page session making the change, which stays signed in
     * @return the account's new credentials version, for the session making the change to carry on under
     * @throws AccountDisabledMeanwhile when the account was disabled while the change was being made
     */
    @Transactional
    public long changeOwnPassword(long id, String email, String current, String chosen, String sessionId) {
        // Disabled since this request was let through: told so, as when the disabling comes a moment later.
        StaffRepository.Credentials held = repository.credentials(id).orElseThrow(AccountDisabledMeanwhile::new);
        if (current == null || current.isEmpty() || !passwordEncoder.matches(current, held.passwordHash())) {
            throw wrongCurrentPassword();
        }
        passwordPolicy.problem(chosen, email).ifPresent(problem -> {
            throw new InvalidStaffDetails(Map.of("newPassword", problem));
        });
        if (passwordEncoder.matches(chosen, held.passwordHash())) {
            throw new InvalidStaffDetails(Map.of("newPassword", "Choose a password different from your current one"));
        }
        // Made only under the credentials the current password was checked against: a password chosen from a reset
        // link while this was checked has made the one given here an old one, which must not take the account back.
        Optional<Long> credentialsVersion =
                repository.replacePassword(id, held.version(), passwordEncoder.encode(chosen), email, clock.instant());
        if (credentialsVersion.isEmpty()) {
            return madeMeanwhile(id, chosen);
        }
        repository.endOtherSessions(id, sessionId);
        repository.revokeTokens(id, clock.instant());
        passwordLinks.end(id);
        return credentialsVersion.get();
    }

    /**
     * A change of one's own password that found the credentials moved on after its current password was checked. When
     * they moved on to the very password being chosen, the same change was made meanwhile (posted twice by a double
     * click): it is answered as made, changing nothing more. Otherwise the current password given may no longer be
     * the account's, and it is refused as wrong, unless the account was disabled meanwhile, which it is told.
     */
    private long madeMeanwhile(long id, String chosen) {
        StaffRepository.Credentials now = repository.credentials(id).orElseThrow(AccountDisabledMeanwhile::new);
        if (!passwordEncoder.matches(chosen, now.passwordHash())) {
            throw wrongCurrentPassword();
        }
        return now.version();
    }

    /**
     * Creates an administrator only while none exists: from the bootstrap settings or the one-time setup link.
     * Returns empty when another instance or request got there first.
     */
    @Transactional
    Optional<StaffAccount> createFirstAdmin(String email, String password, String actor) {
        ValidStaff staff =
                validate(new CreateStaffCommand(email, password, StaffRole.ADMIN.name(), List.of(), null), true, true);
        String passwordHash = passwordEncoder.encode(password);
        repository.lockFirstAdmin();
        if (repository.enabledAdminExists()) {
            return Optional.empty();
        }
        if (repository.emailExists(staff.email())) {
            throw emailTaken();
        }
        return repository.findById(insert(staff, passwordHash, true, actor));
    }

    boolean enabledAdminExists() {
        return repository.enabledAdminExists();
    }

    public List<StaffAccount> all() {
        return repository.findAll();
    }

    Optional<StaffAccount> find(long id) {
        return repository.findById(id);
    }

    @Transactional
    public StaffAccount disable(long id, long actorId, String actor) {
        if (id == actorId) {
            throw new InvalidStaffDetails(Map.of("id", "You cannot disable your own account"));
        }
        // The wording only: whether the account is an enabled administrator is checked again under the lock.
        stillAnAdministrator(
                repository, actorId, "id", repository.isEnabledAdmin(id) ? "disable one" : "disable an account");
        keepAnAdministrator(id, "id", "disable");
        StaffAccount disabled = setEnabled(id, false, actor);
        // Revoked, not just unusable while disabled: enabling the account again must not bring them back.
        repository.revokeTokens(id, clock.instant());
        passwordLinks.end(id);
        repository.endSessions(id);
        return disabled;
    }

    @Transactional
    StaffAccount enable(long id, long actorId, String actor) {
        stillAnAdministrator(repository, actorId, "id", "enable an account");
        return setEnabled(id, true, actor);
    }

    private StaffAccount setEnabled(long id, boolean enabled, String actor) {
        if (!repository.setEnabled(id, enabled, actor, clock.instant())) {
            throw new StaffNotFound(id);
        }
        return announced(repository.findById(id).orElseThrow());
    }

    /**
     * Every change to staff accounts is made only by someone who is still an enabled administrator when it is made:
     * checked under the first administrator's lock, which a disabling or demotion of an administrator takes, so one
     * being removed cannot, in a request already under way, still make an administrator, promote one or enable one
     * again, or have a password link sent. The lock is held until the change commits.
     */
    static void stillAnAdministrator(StaffRepository repository, long actorId, String field, String change) {
        repository.lockFirstAdmin();
        if (!repository.isEnabledAdmin(actorId)) {
            throw new AdministratorStillNeeded(
                    field,
                    "You are no longer an enabled administrator (another administrator has just disabled or demoted"
                            + " you), so you cannot " + change);
        }
    }

    /**
     * An enabled administrator is never disabled or demoted when they are the last: checked under the first
     * administrator's lock (taken by {@link #stillAnAdministrator} before), so two administrators removing each other
     * at once cannot both succeed (each would otherwise pass on what it read before the other's change).
     */
    private void keepAnAdministrator(long id, String field, String change) {
        if (!repository.isEnabledAdmin(id)) {
            return;
        }
        if (!repository.enabledAdminExistsBesides(id)) {
            throw new AdministratorStillNeeded(
                    field,
                    "This is the last enabled administrator: make or enable another administrator before you " + change
                            + " this one");
        }
    }

    /**
     * Every insert here checks the address first under the first-administrator lock, so no other insert of this class
     * comes between; the unique index guards against a row written outside the lock (by hand, or another tool), and its
     * refusal reads as the check's. {@code passwordHash} is hashed already, before the lock was taken.
     */
    private long insert(ValidStaff staff, String passwordHash, boolean passwordSet, String actor) {
        try {
            return repository.insert(
                    staff.email(),
                    passwordHash,
                    staff.role(),
                    staff.practices(),
                    staff.lmc(),
                    passwordSet,
                    actor,
                    clock.instant());
        } catch (DuplicateKeyException e) {
            throw emailTaken();
        }
    }

    private static InvalidStaffDetails wrongCurrentPassword() {
        return new InvalidStaffDetails(Map.of("currentPassword", "Enter your current password correctly"));
    }

    private static InvalidStaffDetails emailTaken() {
        return new InvalidStaffDetails(Map.of("email", "A staff account with this email address already exists"));
    }

    private StaffAccount announced(StaffAccount account) {
        events.publishEvent(new StaffAccessChanged(
                account.email(), account.enabled(), account.role(), Set.copyOf(account.practices())));
        return account;
    }

    private record ValidStaff(String email, StaffRole role, Set<String> practices, String lmc) {}

    private ValidStaff validate(CreateStaffCommand command, boolean withPassword, boolean newAddress) {
        Map<String, String> problems = new LinkedHashMap<>();
        String email = command.email() == null ? "" : command.email().strip().toLowerCase(Locale.ROOT);
        if (newAddress) {
            if (email.isEmpty()) {
                problems.put("email", "Enter an email address");
            } else if (email.length() > MAX_EMAIL_LENGTH) {
                problems.put("email", "Email address must be " + MAX_EMAIL_LENGTH + " characters or fewer");
            } else if (!EmailAddresses.isSendable(email)) {
                problems.put("email", "Enter an email address in the correct format, like name@example.com");
            }
        }
        if (withPassword) {
            passwordPolicy.problem(command.password(), email).ifPresent(problem -> problems.put("password", problem));
        }

        StaffRole role = null;
        if (command.role() == null || command.role().isBlank()) {
            problems.put("role", "Choose a role");
        } else {
            try {
                role = StaffRole.valueOf(command.role().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put(
                        "role", "Role must be one of ADMIN, SCRUTINEER, LMC_OFFICER, PRACTICE_MANAGER, RECEPTIONIST");
            }
        }

        Set<String> practices = new TreeSet<>();
        for (String code : command.practices()) {
            if (code == null) {
                problems.putIfAbsent(
                        "practices", "The list has an empty entry: remove it, or give an ODS code like A81001");
                continue;
            }
            String odsCode = code.strip().toUpperCase(Locale.ROOT);
            if (odsCode.isEmpty()) {
                continue;
            }
            if (!ODS_CODE.matcher(odsCode).matches()) {
                problems.putIfAbsent(
                        "practices",
                        "Practice code " + abbreviate(odsCode)
                                + " is not an ODS code: use a letter and 5 letters or digits, like A81001");
            }
            practices.add(odsCode);
        }
        String lmc = command.lmc() == null || command.lmc().isBlank()
                ? null
                : command.lmc().strip();
        if (lmc != null && lmc.length() > MAX_LMC_LENGTH) {
            problems.put("lmc", "LMC must be " + MAX_LMC_LENGTH + " characters or fewer");
        } else if (TypedText.hasControlCharacters(lmc)) {
            problems.put("lmc", "LMC must not contain control characters, such as tabs or line breaks");
        }
        if (role != null) {
            if (role.isTiedToPractices() && practices.isEmpty() && !problems.containsKey("practices")) {
                problems.put(
                        "practices",
                        "Enter the ODS code of at least one practice for a "
                                + role.label().toLowerCase(Locale.UK));
            }
            if (!role.isTiedToPractices() && !practices.isEmpty()) {
                problems.put(
                        "practices",
                        "Only practice managers and receptionists are tied to practices: leave practices empty");
            }
            if (role.isTiedToLmc() && lmc == null) {
                problems.put("lmc", "Enter the LMC this LMC officer works for");
            }
            if (!role.isTiedToLmc() && lmc != null && !problems.containsKey("lmc")) {
                problems.put("lmc", "Only LMC officers are tied to an LMC: leave LMC empty");
            }
        }
        if (!problems.containsKey("practices") && !practices.isEmpty()) {
            Set<String> unknown = new TreeSet<>(directory.unknownCodes(practices));
            if (!unknown.isEmpty()) {
                problems.put("practices", notInTheDirectory(unknown));
            }
        }
        if (!problems.containsKey("lmc") && lmc != null) {
            Optional<String> known = directory.lmcCalled(lmc);
            if (known.isPresent()) {
                lmc = known.get();
            } else {
                problems.put("lmc", "There is no LMC called '" + lmc + "' in the practices directory");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidStaffDetails(problems);
        }
        return new ValidStaff(email, role, practices, lmc);
    }

    private static String notInTheDirectory(Set<String> unknown) {
        List<String> named = unknown.stream().limit(5).toList();
        String codes = String.join(", ", named)
                + (unknown.size() > named.size() ? " and " + (unknown.size() - named.size()) + " more" : "");
        return codes + (unknown.size() == 1 ? " is" : " are") + " not in the practices directory";
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "…" : value;
    }
}
