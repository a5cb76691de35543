package org.gpaction.practices;

import java.time.LocalDate;

/**
 * A GP practice as other modules see it.
 *
 * @param contractType null until a contract type file names the practice
 * @param listSize registered patients, null until a list size file names the practice
 * @param lmc the name of the Local Medical Committee whose area covers the practice, or null
 */
public record Practice(
        String odsCode,
        String name,
        String postcode,
        String icbCode,
        String subIcbCode,
        PracticeStatus status,
        Nation nation,
        ContractType contractType,
        Integer listSize,
        String lmc,
        LocalDate openedOn,
        LocalDate closedOn) {}
