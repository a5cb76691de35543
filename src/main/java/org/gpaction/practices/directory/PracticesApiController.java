package org.gpaction.practices.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.practices.PracticeStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The practice directory for any signed-in member of staff's scripts. */
@RestController
@JsonApi
@RequestMapping("/api/practices")
class PracticesApiController {

    static final int DEFAULT_SIZE = 50;

    private final PracticeDirectory directory;

    PracticesApiController(PracticeDirectory directory) {
        this.directory = directory;
    }

    @GetMapping
    @Operation(
            summary = "Search the practice directory",
            description = "Practices ordered by name, a page at a time: {\"items\":[…],\"total\":N} where total"
                    + " counts every match. Filters combine; leave one out to match any.")
    PracticeSearch.Results search(
            @Parameter(description = "ACTIVE, CLOSED, DORMANT or PROPOSED") @RequestParam(required = false)
                    String status,
            @Parameter(description = "An ODS code, part of a name, or the start of a postcode")
                    @RequestParam(name = "q", required = false)
                    String text,
            @Parameter(
                            description =
                                    "An ICB code, such as QHM, or for a practice in Wales its health board, such as 7A3")
                    @RequestParam(required = false)
                    String icb,
            @Parameter(description = "An LMC's name, in any case") @RequestParam(required = false) String lmc,
            @Parameter(description = "The page, from 1") @RequestParam(required = false) String page,
            @Parameter(description = "Practices per page, 1 to 500 (50 if left out)") @RequestParam(required = false)
                    String size) {
        List<Map<String, String>> errors = new ArrayList<>();
        PracticeStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = PracticeStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(error("status", "status must be ACTIVE, CLOSED, DORMANT or PROPOSED"));
            }
        }
        int pageNumber = number(page, 1, 1, Integer.MAX_VALUE / PracticeSearch.MAX_SIZE, "page", errors);
        int pageSize = number(size, DEFAULT_SIZE, 1, PracticeSearch.MAX_SIZE, "size", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequest("Some parameters need fixing", errors);
        }
        return directory.search(new PracticeSearch(text, wanted, icb, lmc, pageNumber, pageSize));
    }

    @GetMapping("/{odsCode}")
    @Operation(
            summary = "One practice by its ODS code",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The practice",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = PracticeDetails.class))),
                @ApiResponse(responseCode = "404", description = "No practice in the directory has that ODS code")
            })
    ResponseEntity<?> practice(@PathVariable String odsCode) {
        return directory
                .find(odsCode)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.of(ProblemDetail.forStatusAndDetail(
                                HttpStatus.NOT_FOUND, "No practice in the directory has the ODS code " + odsCode))
                        .build());
    }

    private static int number(
            String value, int absent, int min, int max, String name, List<Map<String, String>> errors) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below like any other number out of range
        }
        errors.add(error(name, name + " must be a whole number from " + min + " to " + max));
        return absent;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
