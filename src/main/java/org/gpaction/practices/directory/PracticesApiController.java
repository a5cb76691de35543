package org.gpaction.practices.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Locale;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.PageParameters;
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
        PageParameters asked = new PageParameters();
        PracticeStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = PracticeStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                asked.refuse("status", "status must be ACTIVE, CLOSED, DORMANT or PROPOSED");
            }
        }
        int pageNumber = asked.page(page);
        int pageSize = asked.size(size, DEFAULT_SIZE, PracticeSearch.MAX_SIZE);
        asked.check();
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
}
