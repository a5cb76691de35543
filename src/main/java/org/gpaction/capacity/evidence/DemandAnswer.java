package org.gpaction.capacity.evidence;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;

/**
 * The fields of {@code GET /api/capacity/demand} as JSON, typed for the API description. The controller answers them
 * as a map beside its CSV twin and is left so; SafeWorkingApiContractTests checks every answer served against this,
 * so the two cannot drift apart unseen.
 */
@Schema(
        name = "CapacityDemand",
        requiredProperties = {"from", "to", "scope", "days"})
record DemandAnswer(
        LocalDate from,
        LocalDate to,

        @Schema(description = "Whose practices are counted, in words")
        String scope,

        @Schema(description = "One row per day with any requests, oldest first")
        List<Demand.DayCounts> days) {}
