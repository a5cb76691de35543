package org.gpaction.capacity.setup;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * A practice's set-up as a client or the set-up page sends it, every value as text so that each mistake can be named
 * by field. {@link SetupRules} turns it into a {@link PracticeSetup}. The fields the API's GET gives besides the set-up
 * itself may be sent back with it, so that settings read, changed and sent back are taken: the practice's code, which
 * must be the practice's, and who chose what happens when full and when, which the server records itself.
 */
record SetupRequest(
        List<ClinicianRequest> clinicians,
        Map<String, HoursRequest> coreHours,
        Boolean countAdmin,
        Integer urgentReserve,
        String whenFull,
        String icbAgreedClosureOn,
        String onlineConsultationUrl,
        List<SignpostRequest> signposts,

        @Schema(description = "The practice's ODS code, as GET gives it: must be the address's practice, or left out")
        String odsCode,

        @Schema(description = "Passed over: sent back as read, or anything else")
        Object whenFullChosenBy,

        @Schema(description = "Passed over: sent back as read, or anything else")
        Object whenFullChosenAt) {

    record ClinicianRequest(
            Long id,
            String label,
            String role,

            @Schema(
                    description = "Contacts a day, from 0 to the daily contact limit action 1 has on the action menu"
                            + " in force (25 as shipped; a higher cap is refused, naming the limit and the menu's"
                            + " version, even one saved before the menu lowered it); left out, that limit")
            Integer dailyCap,

            List<String> workingDays) {}

    @Schema(
            description = "Hours on one day, UK time, hh:mm. Core hours close after they open, by 23:59; a place to"
                    + " send patients that closes at or before the time it opens closes the next day (a service open"
                    + " overnight, 18:30 to 08:00, is given on the day its evening falls). A place open until midnight"
                    + " closes at 24:00 (the end of that day) or, the same, 00:00, and is read back as 24:00; 24:00 is"
                    + " refused as an opening time and in core hours")
    record HoursRequest(String opens, String closes) {}

    record SignpostRequest(
            String name,
            String kind,
            String address,
            String phone,

            @Schema(
                    description = "Opening hours by weekday (MONDAY to SUNDAY), UK time. A place sent with no"
                            + " hours (hours left out, null or {}) is open around the clock every day, as NHS"
                            + " 111 and A&E are; otherwise a weekday left out is one it is closed")
            Map<String, HoursRequest> hours) {}
}
