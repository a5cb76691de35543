package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpreadsheetCsvTests {

    @Test
    void cellsASpreadsheetWouldReadAsFormulasStartWithAQuote() {
        assertThat(SpreadsheetCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(SpreadsheetCsv.cell("+44 20")).isEqualTo("'+44 20");
        assertThat(SpreadsheetCsv.cell("-2")).isEqualTo("'-2");
        assertThat(SpreadsheetCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SpreadsheetCsv.cell("\tcmd")).isEqualTo("'\tcmd");
        assertThat(SpreadsheetCsv.cell("\rcmd")).isEqualTo("\"'\rcmd\"");
        assertThat(SpreadsheetCsv.cell("A81001")).isEqualTo("A81001");
        assertThat(SpreadsheetCsv.cell(null)).isEmpty();
    }

    @Test
    void cellsWithCommasQuotesOrLineBreaksAreQuoted() {
        assertThat(SpreadsheetCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(SpreadsheetCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(SpreadsheetCsv.cell("=\"x\",y")).isEqualTo("\"'=\"\"x\"\",y\"");
        assertThat(new SpreadsheetCsv().row("a", 1, null).toString()).isEqualTo("\uFEFFa,1,\r\n");
    }
}
