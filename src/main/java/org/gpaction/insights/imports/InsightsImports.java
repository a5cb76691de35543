package org.gpaction.insights.imports;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.io.InputStream;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.common.imports.ImportTimer;
import org.gpaction.common.imports.Upload;
import org.gpaction.common.imports.UploadCopies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Imports a file whole or not at all: it is copied from its stream to a file of its own as it arrives, so a client
 * sending slowly holds no database connection and keeps no other import waiting; then it is read from that copy,
 * checked and written in one transaction that holds the import lock, so concurrent imports queue rather than
 * interleave, and a refused file changes nothing.
 */
@Service
@EnableConfigurationProperties(InsightsImports.ImportLimits.class)
public class InsightsImports {

    private static final Logger log = LoggerFactory.getLogger(InsightsImports.class);

    /**
     * @param maxFileSize the largest file an import takes ({@code GPACTION_INSIGHTS_MAX_FILE_SIZE}): more than no
     *     bytes, as a limit of none would refuse every file
     */
    @Validated
    @ConfigurationProperties("gpaction.insights")
    record ImportLimits(@NotNull @DefaultValue("500MB") DataSize maxFileSize) {

        @AssertTrue(
                message = "GPACTION_INSIGHTS_MAX_FILE_SIZE (gpaction.insights.max-file-size) must be more than 0 bytes,"
                        + " for example 500MB")
        boolean isMaxFileSizeMoreThanNothing() {
            return maxFileSize == null || maxFileSize.toBytes() > 0;
        }
    }

    private final Map<InsightsFormat, InsightsLoader> loaders = new EnumMap<>(InsightsFormat.class);
    private final ImportRuns runs;
    private final TransactionTemplate transactions;
    private final ImportLimits limits;
    private final ImportTimer timer;
    private final UploadCopies uploads;
    private final Clock clock;

    InsightsImports(
            List<InsightsLoader> loaders,
            ImportRuns runs,
            TransactionTemplate transactions,
            ImportLimits limits,
            ImportTimer timer,
            UploadCopies uploads,
            Clock clock) {
        loaders.forEach(loader -> this.loaders.put(loader.format(), loader));
        this.timer = timer;
        this.uploads = uploads;
        this.runs = runs;
        this.transactions = transactions;
        this.limits = limits;
        this.clock = clock;
    }

    public DataSize maxFileSize() {
        return limits.maxFileSize();
    }

    /**
     * A body the client says is too large is refused unread.
     *
     * @param year the financial year of a payments file ({@code 2022-23}); ignored for other formats
     * @param month the month of a file that does not name its own ({@code 2024-03}), or null
     */
    public ImportRun importFile(InsightsFormat format, String year, String month, Upload upload) {
        return timer.time(
                "insights",
                format.parameter(),
                () -> importUntimed(
                        format,
                        upload.fileName(),
                        year,
                        month,
                        upload.content(),
                        upload.declaredLength(),
                        upload.importedBy()));
    }

    private ImportRun importUntimed(
            InsightsFormat format,
            String fileName,
            String year,
            String month,
            InputStream content,
            long declaredLength,
            String importedBy) {
        long max = limits.maxFileSize().toBytes();
        InsightsLoader loader = loaders.get(format);
        if (loader == null) {
            throw new IllegalStateException("No loader for " + format);
        }
        long started = System.nanoTime();
        InsightsLoader.ImportRequest request =
                new InsightsLoader.ImportRequest(fileName, year, month, max, importedBy, clock.instant());
        ImportRun run;
        try {
            if (declaredLength > max) {
                throw tooLarge(fileName, declaredLength, max);
            }
            try (UploadCopies.Copy copy = uploads.copy(content, declaredLength, max)) {
                run = transactions.execute(status -> {
                    runs.lock();
                    return copy.read(fileName, copied -> runs.record(format, request, loader.load(request, copied)));
                });
            }
        } catch (ImportRejected refused) {
            transactions.executeWithoutResult(status ->
                    runs.recordRefused(format, request.fileName(), request.importedBy(), request.now(), refused));
            throw refused;
        }
        log.info(
                "Imported {} as {} ({}) for {} in {} ms: {} rows read, {} kept, {} replaced, {} kept from practices",
                fileName,
                format.parameter(),
                run.period(),
                importedBy,
                (System.nanoTime() - started) / 1_000_000,
                run.rowsRead(),
                run.rowsKept(),
                run.replaced(),
                run.keptFromPractices());
        return run;
    }

    public List<ImportRun> history(int limit) {
        return runs.latest(limit);
    }

    List<ImportHistoryEntry> historyEntries(int limit) {
        return runs.latest(limit).stream().map(ImportRun::entry).toList();
    }

    public Optional<ImportRun> find(long id) {
        return runs.find(id);
    }

    private static ImportRejected tooLarge(String fileName, long declaredLength, long max) {
        return ImportRejected.of(
                fileName,
                1,
                "file",
                String.format(
                        Locale.ROOT,
                        "The file is %,d bytes; the most an import takes is %,d bytes (set by "
                                + "GPACTION_INSIGHTS_MAX_FILE_SIZE)",
                        declaredLength,
                        max));
    }
}
