package org.gpaction.insights.imports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.web.ImportApi;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Imports of NHS publications through the API, for administrators' scripts; the same rules as the upload page. */
@RestController
@JsonApi
@RequestMapping("/api/insights/imports")
@PreAuthorize("hasRole('ADMIN')")
class InsightsImportsApiController {

    static final String FORMATS = """
            Send the file as the request body (Content-Type: text/csv), UTF-8 with or without a byte order mark, \
            as NHS England publishes it. Columns are found by name, not position. The format parameter says what \
            it holds:

            - `payments`: NHS Payments to General Practice for one financial year; say which with \
            `year=2022-23`, as the file does not. Each practice's contract type also goes to the practices \
            directory when this is the latest year imported.
            - `appointments`: Appointments in General Practice, monthly: the sub-ICB (CCG) level file \
            (`CCG_CODE` or `SUB_ICB_LOCATION_CODE`, `Appointment_Month` such as MAR2019) or the practice-level \
            file (`APPOINTMENT_MONTH_START_DATE` such as 01OCT2024, `GP_CODE`). A file may cover several months, \
            and some sub-ICB locations only: it replaces the figures of each month of each location it has, and \
            `replaced` counts the earlier figures replaced: of locations by a sub-ICB file, of practices by a \
            practice-level file.
            - `workforce`: General Practice Workforce, practice level, with `PRAC_CODE`, `TOTAL_PATIENTS`, \
            `TOTAL_GP_FTE` and `TOTAL_GP_EXTGL_FTE` (fully qualified GPs, excluding trainees and locums); say \
            which month it is for with `month=2024-03`, as the file does not.

            An import is all or nothing: a file with any problem changes nothing, and the 400 answer lists the \
            problems with their line and field. A file for a year or month already imported replaces what that \
            import gave. Imports run one at a time.""";

    @Schema(name = "InsightsImportRun", description = "One import of an NHS publication")
    public record ImportRunView(
            long id,
            String format,
            String fileName,
            String period,
            String importedBy,
            Instant importedAt,
            int rowsRead,
            int rowsKept,
            int replaced,

            @Schema(
                    description = "Months of sub-ICB locations a sub-ICB appointments file left as their practices add"
                            + " up, from a practice-level file, which it does not replace")
            int keptFromPractices,

            int problems,
            String firstProblem) {

        static ImportRunView of(ImportRun run) {
            return new ImportRunView(
                    run.id(),
                    run.format().parameter(),
                    run.fileName(),
                    run.period(),
                    run.importedBy(),
                    run.importedAt(),
                    run.rowsRead(),
                    run.rowsKept(),
                    run.replaced(),
                    run.keptFromPractices(),
                    run.problems(),
                    run.firstProblem());
        }
    }

    private final InsightsImports imports;

    InsightsImportsApiController(InsightsImports imports) {
        this.imports = imports;
    }

    @PostMapping(consumes = {"text/csv", "text/plain", "application/octet-stream"})
    @Operation(
            summary = "Import an NHS publication for the pressures and funding figures",
            description = FORMATS,
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Imported; Location gives the import's address",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = ImportRunView.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Nothing was imported: the problems are listed, or the parameter to fix named"),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(
                        responseCode = "503",
                        description = "Too little disk space free to copy the file (GPACTION_UPLOADS_MINFREESPACE):"
                                + " nothing was imported; Retry-After says when to send it again")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<ImportRunView> importFile(
            @Parameter(description = "payments, appointments or workforce") @RequestParam(required = false)
                    String format,
            @Parameter(description = "The file's name, kept in the import history and named in problems")
                    @RequestParam(name = "fileName", required = false)
                    String fileName,
            @Parameter(description = "For payments: the financial year the file is for, such as 2022-23")
                    @RequestParam(required = false)
                    String year,
            @Parameter(description = "For a file that does not name its month (workforce): such as 2024-03")
                    @RequestParam(required = false)
                    String month,
            HttpServletRequest request,
            Principal admin)
            throws IOException {
        InsightsFormat chosen = ImportApi.format(InsightsFormat.values(), format);
        ImportRun run = imports.importFile(chosen, year, month, ImportApi.upload(request, fileName, chosen, admin));
        return ImportApi.created("/api/insights/imports", run.id(), ImportRunView.of(run));
    }

    @GetMapping
    @Operation(summary = "The latest imports of NHS publications, newest first, refused files included")
    List<ImportRunView> history(@RequestParam(defaultValue = "100") int limit) {
        return imports.history(ImportApi.historyLimit(limit)).stream()
                .map(ImportRunView::of)
                .toList();
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "One import: who ran it, when, and what it did",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The import",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = ImportRunView.class))),
                @ApiResponse(responseCode = "404", description = "There is no import by that id")
            })
    ResponseEntity<?> one(@PathVariable long id) {
        return ImportApi.one(id, imports.find(id).map(ImportRunView::of));
    }
}
