package org.gpaction.practices.directory;

import java.time.LocalDate;
import java.util.List;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.Nation;
import org.gpaction.practices.PracticeStatus;

/**
 * Everything the directory knows of a practice, for its page and the API.
 *
 * @param contractTypeSource where the contract type comes from: {@code CONTRACTS_FILE} (a correction) or
 *     {@code PAYMENTS 2022-23} (NHS Payments to General Practice for that year); null when it is not known
 */
public record PracticeDetails(
        String odsCode,
        String name,
        List<String> addressLines,
        String postcode,
        String nationalGrouping,
        String icbCode,
        String subIcbCode,
        PracticeStatus status,
        Nation nation,
        ContractType contractType,
        String contractTypeSource,
        Integer listSize,
        LocalDate listSizeOn,
        String lmc,
        LocalDate openedOn,
        LocalDate closedOn,
        String phone) {}
