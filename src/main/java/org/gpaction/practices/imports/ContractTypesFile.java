package org.gpaction.practices.imports;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.FileKind;
import org.gpaction.practices.ContractType;

/**
 * {@code ods_code,contract_type}: the contract each named practice holds, GMS, PMS or APMS. The problems found in
 * the file itself are kept, to be reported together with practices the directory does not know.
 */
record ContractTypesFile(Problems problems, List<Contract> contracts) {

    static final List<String> COLUMNS = List.of("ods_code", "contract_type");

    record Contract(int line, String odsCode, ContractType type) {}

    static ContractTypesFile read(String fileName, InputStream content, long maxBytes) {
        CsvFile csv = CsvFile.withHeader(fileName, content, maxBytes, COLUMNS, FileKind.CONTRACTS);
        Problems problems = new Problems(fileName);
        List<Contract> contracts = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        for (CsvRecord record : csv) {
            problems.row(record);
            String odsCode = Codes.normalise(record.get("ods_code"));
            if (!Codes.isValid(odsCode)) {
                problems.add(record.line(), "ods_code", "Enter the practice's ODS code, for example A81001");
            } else {
                Integer first = firstLines.putIfAbsent(odsCode, record.line());
                if (first != null) {
                    problems.add(
                            record.line(),
                            "ods_code",
                            odsCode + " is already on line " + first + ": each practice may appear once");
                }
            }
            ContractType type = contractType(Codes.normalise(record.get("contract_type")));
            if (type == null) {
                problems.add(
                        record.line(),
                        "contract_type",
                        "\"" + record.get("contract_type") + "\" is not a contract type: use GMS, PMS or APMS");
            }
            contracts.add(new Contract(record.line(), odsCode, type));
        }
        if (contracts.isEmpty()) {
            problems.add(2, "file", "The file has a header but no rows: add one row per practice");
        }
        return new ContractTypesFile(problems, List.copyOf(contracts));
    }

    private static ContractType contractType(String value) {
        for (ContractType type : ContractType.values()) {
            if (type.name().equals(value)) {
                return type;
            }
        }
        return null;
    }
}
