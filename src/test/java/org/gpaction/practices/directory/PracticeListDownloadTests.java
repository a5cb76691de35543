package org.gpaction.practices.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The practice list's download reads the list a page at a time, each after the last practice handed on: across pages
 * it hands on every practice once, in the list's order, even where names are the same.
 */
@GpActionTest
class PracticeListDownloadTests {

    @Autowired
    PracticeDirectory directory;

    @Autowired
    JdbcClient jdbc;

    @Test
    void readingAPageAtATimeHandsOnEveryPracticeOnceInTheListsOrder() {
        String icb = "Q" + TestPractices.newCode().substring(2) + "X";
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String code = TestPractices.newCode();
            codes.add(code);
            jdbc.sql("""
                            insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                                postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                            values (:code, :name, 'Y63', :icb, array['1 HIGH STREET'], 'TS1 1AA', date '1974-04-01',
                                'ACTIVE', '16C', 'ENGLAND', 'GMS', now())
                            """)
                    .param("code", code)
                    // Four names shared by several practices, so a page can end inside a run of one name.
                    .param("name", "DOWNLOAD SURGERY " + (i % 4))
                    .param("icb", icb)
                    .update();
        }
        PracticeSearch search = new PracticeSearch(null, null, icb, null, 1, 50);
        List<String> listed = directory.search(search).items().stream()
                .map(PracticeDetails::odsCode)
                .toList();

        List<String> handedOn = new ArrayList<>();
        directory.eachMatch(search, 3, practice -> handedOn.add(practice.odsCode()));

        assertThat(listed).hasSize(11).containsExactlyInAnyOrderElementsOf(codes);
        assertThat(handedOn).as("four pages of three").containsExactlyElementsOf(listed);
    }
}
