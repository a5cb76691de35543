package org.gpaction.practices.directory;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.gpaction.common.web.CsvDownload;
import org.gpaction.practices.IcbNames;
import org.gpaction.practices.Nation;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The practice list as filtered on the page, every match rather than one page of them, as a spreadsheet. Its ICB
 * columns say what the list's ICB column does: for a practice in Wales, its health board.
 */
@Controller
class PracticeListCsvController {

    private final PracticeDirectory directory;
    private final IcbNames icbNames;

    PracticeListCsvController(PracticeDirectory directory, IcbNames icbNames) {
        this.directory = directory;
        this.icbNames = icbNames;
    }

    @GetMapping("/practices.csv")
    void download(
            @RequestParam(name = "q", required = false) String text,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String icb,
            @RequestParam(required = false) String lmc,
            HttpServletResponse response) {
        PracticeSearch search = new PracticeSearch(
                text, PracticesController.statusOrNull(status), icb, lmc, 1, PracticesController.PAGE_SIZE);
        Map<String, String> names = icbNames.all();
        CsvDownload.send(
                response,
                "practices.csv",
                List.of(
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
                        "list_size_on"),
                csv -> directory.eachMatch(
                        search,
                        practice -> csv.row(
                                practice.odsCode(),
                                practice.name(),
                                String.join(", ", practice.addressLines()),
                                practice.postcode(),
                                areaCode(practice),
                                areaName(practice, names),
                                practice.lmc(),
                                practice.status(),
                                practice.contractType(),
                                practice.listSize(),
                                practice.listSizeOn())));
    }

    /** Wales has health boards, not ICBs: ODS's placeholder Q99 where an ICB would be is no area to sort by. */
    private static String areaCode(PracticeDetails practice) {
        return practice.nation() == Nation.WALES ? practice.subIcbCode() : practice.icbCode();
    }

    private static String areaName(PracticeDetails practice, Map<String, String> names) {
        return practice.nation() == Nation.WALES
                ? IcbNames.healthBoard(practice.subIcbCode())
                : names.get(practice.icbCode());
    }
}
