package org.gpaction.capacity.evidence;

import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gpaction.common.web.SpreadsheetCsv;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * Daily demand counts as a CSV file for a spreadsheet, written to the response a row at a time. The one writer behind
 * the API's {@code Accept: text/csv} answer, a practice's evidence download and an area's, so all three have the same
 * columns counted the same way.
 */
final class DemandCsv {

    static final List<String> HEADER = List.of(
            "day",
            "practices",
            "requests",
            "reception",
            "online",
            "nhs111",
            "urgent",
            "routine",
            "admin",
            "booked",
            "diverted",
            "waitlisted",
            "diverted_full",
            "diverted_outside_core_hours",
            "diverted_front_door_paused",
            "diverted_nhs111_allowance_used",
            "signposted_by_reception",
            "nhs111_booked",
            "practices_full_before_10");

    /** Added after the others, and after a practice's closed minutes, so no column moves for those reading by place. */
    static final String SERVED = "served_from_waiting_list";

    private DemandCsv() {}

    /** The days of any number of practices. */
    static void send(List<Demand.DayCounts> days, String fileName, HttpServletResponse response) throws IOException {
        List<String> header = new ArrayList<>(HEADER);
        header.add(SERVED);
        send(
                header,
                days,
                d -> {
                    List<Object> cells = new ArrayList<>(cells(d));
                    cells.add(d.servedFromWaitingList());
                    return cells;
                },
                fileName,
                response);
    }

    /**
     * One practice's days with the minutes its online front door was closed in core hours each day (see {@link
     * FrontDoorClosures#minutesByDay}): a figure of one practice's set-up, so not in the figures of many.
     */
    static void sendPractice(
            List<Demand.DayCounts> days,
            Map<LocalDate, Long> closedMinutes,
            String fileName,
            HttpServletResponse response)
            throws IOException {
        List<String> header = new ArrayList<>(HEADER);
        header.add("front_door_closed_minutes");
        header.add(SERVED);
        send(
                header,
                days,
                d -> {
                    List<Object> cells = new ArrayList<>(cells(d));
                    cells.add(closedMinutes.getOrDefault(d.day(), 0L));
                    cells.add(d.servedFromWaitingList());
                    return cells;
                },
                fileName,
                response);
    }

    private static void send(
            List<String> header,
            List<Demand.DayCounts> days,
            Function<Demand.DayCounts, List<Object>> cells,
            String fileName,
            HttpServletResponse response)
            throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(fileName).build().toString());
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        out.write(SpreadsheetCsv.BYTE_ORDER_MARK);
        out.write(SpreadsheetCsv.line(header));
        for (Demand.DayCounts d : days) {
            out.write(SpreadsheetCsv.line(cells.apply(d)));
        }
        out.flush();
    }

    private static List<Object> cells(Demand.DayCounts d) {
        return List.of(
                d.day(),
                d.practices(),
                d.requests(),
                d.reception(),
                d.online(),
                d.nhs111(),
                d.urgent(),
                d.routine(),
                d.admin(),
                d.booked(),
                d.diverted(),
                d.waitlisted(),
                d.divertedFull(),
                d.divertedOutsideHours(),
                d.divertedPaused(),
                d.divertedNhs111(),
                d.divertedByReception(),
                d.nhs111Booked(),
                d.practicesFullBefore10());
    }
}
