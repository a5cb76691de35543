package org.gpaction.practices.imports;

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

/** Imports through the API, for administrators' scripts; the same rules as the upload page. */
@RestController
@JsonApi
@RequestMapping("/api/practices/imports")
@PreAuthorize("hasRole('ADMIN')")
class PracticeImportsApiController {

    static final String FORMATS = """
            Send the file as the request body (Content-Type: text/csv), UTF-8 with or without a byte order mark, \
            CRLF or LF line ends, fields quoted as RFC 4180 describes. The format parameter says what it holds:

            - `epraccur`: the NHS ODS GP practice file as published (no header, 27 quoted fields). GP practices \
            (prescribing setting 4) are kept whatever their status; other rows are counted as skipped, and a file \
            with no GP practice in it (another ODS file) is refused.
            - `contracts`: a header row `ods_code,contract_type`, then one row per practice with GMS, PMS or APMS. \
            Every practice must already be in the directory.
            - `list-sizes`: NHS Digital's "Patients registered at a GP practice" file: a header row with at least \
            `CODE`, `NUMBER_OF_PATIENTS` and `EXTRACT_DATE`, the date written as in older releases (01JAN2021) or \
            newer ones (2026-03-01); other columns, such as `CCG_CODE` or `SUB_ICB_LOCATION_CODE`, are ignored. \
            A file is one extract: every row gives the same date. Every extract imported is kept as history: \
            importing an extract again replaces that extract (a practice it no longer lists loses its size for \
            that date), and a practice's current list size is the one from the latest extract, so an older \
            extract only fills in the history. Rows for codes that are not GP practices in the directory are \
            counted as skipped; created, updated and unchanged count the extract's rows in the history.
            - `lmcs`: a header row `lmc_name,area_code`, then one row per area a Local Medical Committee covers; \
            the area is a sub-ICB location code (such as 16C) or an ICB code (such as QHM) of practices in the \
            directory. A practice belongs to the LMC of its sub-ICB location, or failing that of its ICB.

            An import is all or nothing: a file with any problem changes nothing, and the 400 answer lists every \
            problem with its line and field. Re-importing the same file changes nothing. The answer counts the rows \
            created, updated, unchanged and skipped. Imports run one at a time. The history (GET) lists refused files too, \
            with outcome `refused`, the number of problems and the first of them.""";

    @Schema(name = "PracticeImportRun", description = "One import of a file into the practice directory")
    public record ImportRunView(
            long id,
            String format,
            String fileName,
            String importedBy,
            Instant importedAt,
            int rowsRead,
            int created,
            int updated,
            int unchanged,
            int skipped,
            String outcome,
            int problems,
            String firstProblem) {

        static ImportRunView of(ImportRun run) {
            return new ImportRunView(
                    run.id(),
                    run.format().parameter(),
                    run.fileName(),
                    run.importedBy(),
                    run.importedAt(),
                    run.rowsRead(),
                    run.created(),
                    run.updated(),
                    run.unchanged(),
                    run.skipped(),
                    run.problems() > 0 ? "refused" : "imported",
                    run.problems(),
                    run.firstProblem());
        }
    }

    private final PracticeImports imports;

    PracticeImportsApiController(PracticeImports imports) {
        this.imports = imports;
    }

    @PostMapping(consumes = {"text/csv", "text/plain", "application/octet-stream"})
    @Operation(
            summary = "Import a file into the practice directory",
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
                @ApiResponse(responseCode = "403", description = "Not an administrator")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<ImportRunView> importFile(
            @Parameter(description = "epraccur, contracts, list-sizes or lmcs") @RequestParam(required = false)
                    String format,
            @Parameter(description = "The file's name, kept in the import history and named in problems")
                    @RequestParam(name = "fileName", required = false)
                    String fileName,
            HttpServletRequest request,
            Principal admin)
            throws IOException {
        ImportFormat chosen = ImportApi.format(ImportFormat.values(), format);
        ImportRun run = imports.importFile(chosen, ImportApi.upload(request, fileName, chosen, admin));
        return ImportApi.created("/api/practices/imports", run.id(), ImportRunView.of(run));
    }

    @GetMapping
    @Operation(summary = "The latest imports, newest first")
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
