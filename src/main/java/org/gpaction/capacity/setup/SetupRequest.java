package org.gpaction.capacity.setup;

import java.util.List;
import java.util.Map;

/**
 * A practice's set-up as a client or the set-up page sends it, every value as text so that each mistake can be named
 * by field. {@link SetupRules} turns it into a {@link PracticeSetup}.
 */
record SetupRequest(
        List<ClinicianRequest> clinicians,
        Map<String, HoursRequest> coreHours,
        Boolean countAdmin,
        Integer urgentReserve,
        String whenFull,
        String icbAgreedClosureOn,
        String onlineConsultationUrl,
        List<SignpostRequest> signposts) {

    record ClinicianRequest(Long id, String label, String role, Integer dailyCap, List<String> workingDays) {}

    record HoursRequest(String opens, String closes) {}

    record SignpostRequest(String name, String kind, String address, String phone, Map<String, HoursRequest> hours) {}
}
