package org.gpaction.insights.workforce;

import java.io.InputStream;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.insights.imports.AreaNames;
import org.gpaction.insights.imports.GpsOfPractices;
import org.gpaction.insights.imports.InsightsFormat;
import org.gpaction.insights.imports.InsightsLoader;
import org.gpaction.insights.imports.Months;
import org.springframework.stereotype.Component;

/**
 * General Practice Workforce, practice level, for the month the administrator names: it replaces that month's practices
 * of each sub-ICB location the file has (see {@link WorkforceRepository#replaceLocations}), the locations' figures for
 * the month are added up again from them, and so are the GP figures the month's appointments are set against (see
 * {@link GpsOfPractices}).
 */
@Component
class WorkforceLoader implements InsightsLoader {

    private final WorkforceRepository workforce;
    private final AreaNames areaNames;
    private final GpsOfPractices gpsOfPractices;

    WorkforceLoader(WorkforceRepository workforce, AreaNames areaNames, GpsOfPractices gpsOfPractices) {
        this.workforce = workforce;
        this.areaNames = areaNames;
        this.gpsOfPractices = gpsOfPractices;
    }

    @Override
    public InsightsFormat format() {
        return InsightsFormat.WORKFORCE;
    }

    @Override
    public Loaded load(ImportRequest request, InputStream content) {
        YearMonth month = month(request);
        WorkforceFile file = WorkforceFile.read(request.fileName(), content, request.maxBytes());
        int replaced = workforce.replaceLocations(month, file.practices());
        gpsOfPractices.workOut(List.of(month));
        areaNames.remember(AreaNames.Kind.ICB, file.icbNames(), month);
        areaNames.remember(AreaNames.Kind.SUB_ICB, file.subIcbNames(), month);
        int rows = file.practices().size();
        return new Loaded(Months.period(new TreeSet<>(List.of(month))), rows, rows, replaced);
    }

    /** The file does not say which month it is for: the administrator does, before a byte of it is read. */
    private static YearMonth month(ImportRequest request) {
        Optional<YearMonth> month = Months.parse(request.month());
        if (month.isEmpty()) {
            throw ImportRejected.of(
                    request.fileName(),
                    1,
                    "month",
                    request.month() == null || request.month().isBlank()
                            ? "Say which month the workforce file is for, such as 2024-03: the file does not say"
                            : "\"" + request.month().strip()
                                    + "\" is not a month: write it as yyyy-mm, such as 2024-03");
        }
        if (month.get().isAfter(Months.current(request.now()))) {
            throw ImportRejected.of(
                    request.fileName(),
                    1,
                    "month",
                    month.get() + " is after this month: the workforce file counts staff in a month that has "
                            + "begun; check the month");
        }
        return month.get();
    }
}
