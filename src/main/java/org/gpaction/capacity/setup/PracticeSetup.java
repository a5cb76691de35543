package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** How one practice works safely: its clinicians, core hours, reserve, front-door choice and signposts. */
public record PracticeSetup(
        String odsCode,
        List<Clinician> clinicians,
        Map<DayOfWeek, Hours> coreHours,
        boolean countAdmin,
        int urgentReserve,
        WhenFull whenFull,
        LocalDate icbAgreedClosureOn,
        String onlineConsultationUrl,
        List<Signpost> signposts,
        String whenFullChosenBy,
        Instant whenFullChosenAt) {

    public PracticeSetup {
        clinicians = List.copyOf(clinicians);
        coreHours = Map.copyOf(coreHours);
        signposts = List.copyOf(signposts);
    }

    /**
     * The signposts in the order a patient should see them at that moment: those open now first (A&E, for
     * emergencies only, always last of the open ones), then those that are closed.
     */
    public List<Signpost> signpostsInOrderAt(DayOfWeek day, LocalTime time) {
        Comparator<Signpost> openFirst =
                Comparator.comparing(s -> s.openUntil(day, time).isEmpty());
        Comparator<Signpost> emergencyLast = Comparator.comparing(s -> s.kind() == SignpostKind.EMERGENCY_DEPARTMENT);
        return signposts.stream().sorted(openFirst.thenComparing(emergencyLast)).toList();
    }
}
