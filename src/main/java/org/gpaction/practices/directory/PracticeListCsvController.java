package org.gpaction.practices.directory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.gpaction.common.web.SpreadsheetCsv;
import org.gpaction.practices.IcbNames;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The practice list as filtered on the page, every match rather than one page of them, as a spreadsheet. */
@Controller
class PracticeListCsvController {

    private final PracticeDirectory directory;
    private final IcbNames icbNames;

    PracticeListCsvController(PracticeDirectory directory, IcbNames icbNames) {
        this.directory = directory;
        this.icbNames = icbNames;
    }

    @GetMapping("/practices.csv")
    ResponseEntity<String> download(
            @RequestParam(name = "q", required = false) String text,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String icb,
            @RequestParam(required = false) String lmc) {
        PracticeSearch search = new PracticeSearch(
                text, PracticesController.statusOrNull(status), icb, lmc, 1, PracticesController.PAGE_SIZE);
        Map<String, String> names = icbNames.all();
        SpreadsheetCsv csv = new SpreadsheetCsv()
                .row(
                        "ods_code",
                        "name",
                        "address",
                        "postcode",
                        "icb_code",
                        "icb_name",
                        "lmc",
                        "status",
                        "contract_type",
                        "list_size",
                        "list_size_on");
        for (PracticeDetails practice : directory.everyMatch(search)) {
            csv.row(
                    practice.odsCode(),
                    practice.name(),
                    String.join(", ", practice.addressLines()),
                    practice.postcode(),
                    practice.icbCode(),
                    names.get(practice.icbCode()),
                    practice.lmc(),
                    practice.status(),
                    practice.contractType(),
                    practice.listSize(),
                    practice.listSizeOn());
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("practices.csv")
                                .build()
                                .toString())
                .body(csv.toString());
    }
}
