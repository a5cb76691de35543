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
import org.gpaction.accounts.StaffRole;
import org.gpaction.practices.Practices;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, listing, disabling and enabling staff accounts. */
@Service
public class StaffAccounts {

    public static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_LMC_LENGTH = 200;

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern ODS_CODE = Pattern.compile("^[A-Z][A-Z0-9]{5}$");

    private final StaffRepository repository;
    private final PasswordPolicy passwordPolicy;
    private final PasswordEncoder passwordEncoder;
    private final Practices directory;
    private final Clock clock;

    StaffAccounts(
            StaffRepository repository,
            PasswordPolicy passwordPolicy,
            PasswordEncoder passwordEncoder,
            Practices directory,
            Clock clock) {
        this.repository = repository;
        this.passwordPolicy = passwordPolicy;
        this.passwordEncoder = passwordEncoder;
        this.directory = directory;
        this.clock = clock;
    }

    @Transactional
    public StaffAccount create(CreateStaffCommand command, String actor) {
        ValidStaff staff = validate(command);
        if (repository.emailExists(staff.email())) {
            throw new InvalidStaffDetails(Map.of("email", "A staff account with this email address already exists"));
        }
        long id = repository.insert(
                staff.email(),
                passwordEncoder.encode(command.password()),
                staff.role(),
                staff.practices(),
                staff.lmc(),
                actor,
                clock.instant());
        return repository.findById(id).orElseThrow();
    }

    /**
     * Creates an administrator only while none exists: from the bootstrap settings or the one-time setup link.
     * Returns empty when another instance or request got there first.
     */
    @Transactional
    Optional<StaffAccount> createFirstAdmin(String email, String password, String actor) {
        ValidStaff staff = validate(new CreateStaffCommand(email, password, StaffRole.ADMIN.name(), List.of(), null));
        repository.lockFirstAdmin();
        if (repository.enabledAdminExists()) {
            return Optional.empty();
        }
        if (repository.emailExists(staff.email())) {
            throw new InvalidStaffDetails(Map.of("email", "A staff account with this email address already exists"));
        }
        long id = repository.insert(
                staff.email(),
                passwordEncoder.encode(password),
                StaffRole.ADMIN,
                Set.of(),
                null,
                actor,
                clock.instant());
        return repository.findById(id);
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
        StaffAccount disabled = setEnabled(id, false, actor);
        // Revoked, not just unusable while disabled: enabling the account again must not bring them back.
        repository.revokeTokens(id, clock.instant());
        return disabled;
    }

    @Transactional
    StaffAccount enable(long id, String actor) {
        return setEnabled(id, true, actor);
    }

    private StaffAccount setEnabled(long id, boolean enabled, String actor) {
        if (!repository.setEnabled(id, enabled, actor, clock.instant())) {
            throw new StaffNotFound(id);
        }
        return repository.findById(id).orElseThrow();
    }

    private record ValidStaff(String email, StaffRole role, Set<String> practices, String lmc) {}

    private ValidStaff validate(CreateStaffCommand command) {
        Map<String, String> problems = new LinkedHashMap<>();
        String email = command.email() == null ? "" : command.email().strip().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            problems.put("email", "Enter an email address");
        } else if (email.length() > MAX_EMAIL_LENGTH) {
            problems.put("email", "Email address must be " + MAX_EMAIL_LENGTH + " characters or fewer");
        } else if (!EMAIL.matcher(email).matches()) {
            problems.put("email", "Enter an email address in the correct format, like name@example.com");
        }
        passwordPolicy.problem(command.password(), email).ifPresent(problem -> problems.put("password", problem));

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
            String odsCode = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
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
