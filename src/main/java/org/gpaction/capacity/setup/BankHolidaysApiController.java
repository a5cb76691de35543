package org.gpaction.capacity.setup;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.HttpStatus;
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
    ResponseEntity<BankHolidays.Holiday> add(@AuthenticationPrincipal StaffPrincipal staff, HttpServletRequest http) {
        BankHolidays.adminOnly(staff);
        HolidayRequest body = JsonBodies.read(http, HolidayRequest.class, 4096);
        return ResponseEntity.status(HttpStatus.CREATED).body(holidays.save(body.day(), body.name(), staff.email()));
    }

    @DeleteMapping("/api/capacity/bank-holidays/{day}")
    ResponseEntity<Void> remove(@PathVariable String day, @AuthenticationPrincipal StaffPrincipal staff) {
        BankHolidays.adminOnly(staff);
        return holidays.delete(BankHolidays.date(day), staff.email())
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }
}
