package org.gpaction.insights.appointments;

import java.io.InputStream;
import org.gpaction.insights.imports.AreaNames;
import org.gpaction.insights.imports.GpsOfPractices;
import org.gpaction.insights.imports.InsightsFormat;
import org.gpaction.insights.imports.InsightsLoader;
import org.gpaction.insights.imports.Months;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Appointments in General Practice: a practice-level file replaces the practices' figures of each month and area it
 * has (so a file of some areas leaves the others as they were), and those areas' figures are added up again from the
 * practices; a sub-ICB file replaces the figures of each month and area it has, except those added up from practices,
 * so an area adds up to its practices whichever file was imported first.
 */
@Component
class AppointmentsLoader implements InsightsLoader {

    private static final Logger log = LoggerFactory.getLogger(AppointmentsLoader.class);

    private final AppointmentsRepository appointments;
    private final AreaNames areaNames;
    private final GpsOfPractices gpsOfPractices;

    AppointmentsLoader(AppointmentsRepository appointments, AreaNames areaNames, GpsOfPractices gpsOfPractices) {
        this.appointments = appointments;
        this.areaNames = areaNames;
        this.gpsOfPractices = gpsOfPractices;
    }

    @Override
    public InsightsFormat format() {
        return InsightsFormat.APPOINTMENTS;
    }

    @Override
    public Loaded load(ImportRequest request, InputStream content) {
        AppointmentsFile file =
                AppointmentsFile.read(request.fileName(), content, request.maxBytes(), Months.current(request.now()));
        String period = Months.period(file.months());
        areaNames.remember(AreaNames.Kind.SUB_ICB, file.areaNames());
        if (file.shape() == AppointmentsFile.Shape.PRACTICE) {
            int replaced = appointments.replacePractices(file.practices());
            gpsOfPractices.workOut(file.months());
            return new Loaded(period, file.rowsRead(), file.rowsRead(), replaced);
        }
        AppointmentsRepository.AreasWritten written = appointments.replaceAreas(file.areas());
        gpsOfPractices.workOut(file.months());
        int rowsLeftOut = written.keptFromPractices().stream()
                .mapToInt(key -> file.areas().get(key).rows())
                .sum();
        if (rowsLeftOut > 0) {
            log.info(
                    "{}: {} rows left out, as {} months of sub-ICB locations keep the figures their practices add up to",
                    request.fileName(),
                    rowsLeftOut,
                    written.keptFromPractices().size());
        }
        return new Loaded(
                period,
                file.rowsRead(),
                file.rowsRead() - rowsLeftOut,
                written.replaced(),
                written.keptFromPractices().size());
    }
}
