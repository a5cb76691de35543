package org.gpaction.insights.appointments;

import java.io.InputStream;
import org.gpaction.insights.imports.AreaNames;
import org.gpaction.insights.imports.InsightsFormat;
import org.gpaction.insights.imports.InsightsLoader;
import org.gpaction.insights.imports.Months;
import org.springframework.stereotype.Component;

/**
 * Appointments in General Practice: a sub-ICB file replaces the figures of each month and area it has; a
 * practice-level file replaces every practice's figures for its months, and the areas' figures for those months are
 * added up again from the practices.
 */
@Component
class AppointmentsLoader implements InsightsLoader {

    private final AppointmentsRepository appointments;
    private final AreaNames areaNames;

    AppointmentsLoader(AppointmentsRepository appointments, AreaNames areaNames) {
        this.appointments = appointments;
        this.areaNames = areaNames;
    }

    @Override
    public InsightsFormat format() {
        return InsightsFormat.APPOINTMENTS;
    }

    @Override
    public Loaded load(ImportRequest request, InputStream content) {
        AppointmentsFile file =
                AppointmentsFile.read(request.fileName(), content, request.maxBytes(), Months.current(request.now()));
        int replaced = file.shape() == AppointmentsFile.Shape.SUB_ICB
                ? appointments.replaceAreas(file.areas())
                : appointments.replacePractices(file.months(), file.practices());
        areaNames.remember(AreaNames.Kind.SUB_ICB, file.areaNames());
        return new Loaded(Months.period(file.months()), file.rowsRead(), file.rowsRead(), replaced);
    }
}
