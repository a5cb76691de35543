package org.gpaction.common.imports;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Times every import, whichever module takes it, as {@code gpaction.imports} by module, kind of file and outcome
 * (imported, refused for a problem in the file, busy while another import held what it needs or the disk was short of
 * space, or failed), so a slow or refused import shows in the metrics.
 */
@Component
public class ImportTimer {

    private final MeterRegistry registry;

    ImportTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> T time(String module, String kind, Supplier<T> importing) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "failed";
        try {
            T result = importing.get();
            outcome = "imported";
            return result;
        } catch (ImportRejected refused) {
            outcome = "refused";
            throw refused;
        } catch (ImportNotTaken busy) {
            outcome = "busy";
            throw busy;
        } finally {
            sample.stop(Timer.builder("gpaction.imports")
                    .description("Imports of files, by module, kind of file and outcome")
                    .tag("module", module)
                    .tag("kind", kind)
                    .tag("outcome", outcome)
                    .register(registry));
        }
    }
}
