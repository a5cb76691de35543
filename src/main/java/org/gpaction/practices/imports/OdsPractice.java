package org.gpaction.practices.imports;

import java.time.LocalDate;
import java.util.List;
import org.gpaction.practices.Nation;
import org.gpaction.practices.PracticeStatus;

/** One GP practice as the epraccur file describes it. */
record OdsPractice(
        String odsCode,
        String name,
        String nationalGrouping,
        String icbCode,
        List<String> addressLines,
        String postcode,
        LocalDate openedOn,
        LocalDate closedOn,
        PracticeStatus status,
        String subIcbCode,
        String phone,
        Nation nation) {}
