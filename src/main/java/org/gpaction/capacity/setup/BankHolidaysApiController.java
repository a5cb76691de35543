package org.gpaction.capacity.setup;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The bank holidays through the API: read by any member of staff, changed by administrators. */
@RestController
@JsonApi
class BankHolidaysApiController {

    record HolidayRequest(String day, String name) {}

    private final BankHolidays holidays;

    BankHolidaysApiController(BankHolidays holidays) {
        this.holidays = holidays;
    }

    @GetMapping("/api/capacity/bank-holidays")
    List<BankHolidays.Holiday> list() {
        return holidays.holidays();
    }

    @PostMapping("/api/capacity/bank-holidays")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "application/json",
                            schema =
                                    @io.swagger.v3.oas.annotations.media.Schema(implementation = HolidayRequest.class)))
    @Operation(
            summary = "Add a bank holiday (administrators)",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Added: no practice works that day",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = BankHolidays.Holiday.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "A field to fix, named, or a field the body does not take; nothing is added"),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(
                        responseCode = "409",
                        description = "The day is already a bank holiday: the detail names it and its holiday."
                                + " Nothing is added or renamed; to rename one, remove it and add it again")
            })
    ResponseEntity<BankHolidays.Holiday> add(@AuthenticationPrincipal StaffPrincipal staff, HttpServletRequest http) {
        BankHolidays.adminOnly(staff);
        HolidayRequest body = JsonBodies.readExactly(http, HolidayRequest.class, 4096, Map.of());
        return ResponseEntity.status(HttpStatus.CREATED).body(holidays.save(body.day(), body.name(), staff.email()));
    }

    @DeleteMapping("/api/capacity/bank-holidays/{day}")
    @Operation(
            summary = "Remove a bank holiday (administrators)",
            responses = {
                @ApiResponse(responseCode = "204", description = "Removed"),
                @ApiResponse(responseCode = "400", description = "Not a date as yyyy-mm-dd"),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(
                        responseCode = "404",
                        description = "Not a bank holiday: the detail names the day and that GET"
                                + " /api/capacity/bank-holidays lists them")
            })
    ResponseEntity<?> remove(@PathVariable String day, @AuthenticationPrincipal StaffPrincipal staff) {
        BankHolidays.adminOnly(staff);
        LocalDate date = BankHolidays.date(day);
        if (holidays.delete(date, staff.email())) {
            return ResponseEntity.noContent().build();
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemDetail.forStatusAndDetail(
                        HttpStatus.NOT_FOUND,
                        date + " is not a bank holiday: GET /api/capacity/bank-holidays lists them"));
    }
}
