package org.gpaction.practices.imports;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.gpaction.common.UkTime;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.common.imports.ImportTimer;
import org.gpaction.common.imports.Upload;
import org.gpaction.practices.PracticesChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Imports a file into the practice directory whole or not at all: the file is read and checked in full first,
 * then written in one transaction that holds the import lock, so concurrent imports queue rather than interleave.
 */
@Service
class PracticeImports {

    private static final Logger log = LoggerFactory.getLogger(PracticeImports.class);

    private final ImportRepository repository;
    private final PracticeImportRuns runs;
    private final TransactionTemplate transactions;
    private final ImportProperties properties;
    private final ImportTimer timer;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PracticeImports(
            ImportRepository repository,
            PracticeImportRuns runs,
            TransactionTemplate transactions,
            ImportProperties properties,
            ImportTimer timer,
            ApplicationEventPublisher events,
            Clock clock) {
        this.repository = repository;
        this.events = events;
        this.timer = timer;
        this.runs = runs;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    DataSize maxFileSize() {
        return properties.maxFileSize();
    }

    /**
     * Reads the file from its stream as it is checked, so it is never held whole; a body the client says is too
     * large is refused before any of it is read.
     */
    ImportRun importFile(ImportFormat format, Upload upload) {
        return timer.time(
                "practices",
                format.parameter(),
                () -> importUntimed(
                        format, upload.fileName(), upload.content(), upload.declaredLength(), upload.importedBy()));
    }

    private ImportRun importUntimed(
            ImportFormat format, String fileName, InputStream content, long declaredLength, String importedBy) {
        long max = properties.maxFileSize().toBytes();
        long started = System.nanoTime();
        ImportRun run;
        try {
            if (declaredLength > max) {
                throw tooLarge(fileName, declaredLength);
            }
            run = switch (format) {
                case EPRACCUR -> importEpraccur(EpraccurFile.read(fileName, content, max), fileName, importedBy);
                case CONTRACTS -> importContracts(ContractTypesFile.read(fileName, content, max), fileName, importedBy);
                case LIST_SIZES ->
                    importListSizes(
                            ListSizesFile.read(
                                    fileName, content, max, LocalDate.ofInstant(clock.instant(), UkTime.ZONE)),
                            fileName,
                            importedBy);
                case LMCS -> importLmcAreas(LmcAreasFile.read(fileName, content, max), fileName, importedBy);
            };
        } catch (ImportRejected refused) {
            transactions.executeWithoutResult(
                    status -> runs.recordRefused(format, fileName, importedBy, clock.instant(), refused));
            throw refused;
        }
        log.info(
                "Imported {} as {} for {} in {} ms: {} rows, {} created, {} updated, {} unchanged, {} skipped",
                fileName,
                format.parameter(),
                importedBy,
                (System.nanoTime() - started) / 1_000_000,
                run.rowsRead(),
                run.created(),
                run.updated(),
                run.unchanged(),
                run.skipped());
        return run;
    }

    List<ImportRun> history(int limit) {
        return runs.latest(limit);
    }

    Optional<ImportRun> find(long id) {
        return runs.find(id);
    }

    private ImportRun importEpraccur(EpraccurFile file, String fileName, String importedBy) {
        return locked(() -> {
            Instant now = clock.instant();
            Changes changes = repository.upsertPractices(file.practices(), now);
            tellIfChanged(changes);
            return runs.record(
                    ImportFormat.EPRACCUR, fileName, importedBy, now, file.rowsRead(), changes, file.skipped());
        });
    }

    private ImportRun importContracts(ContractTypesFile file, String fileName, String importedBy) {
        return locked(() -> {
            Set<String> unknown =
                    repository.unknownPractices(codes(file.contracts(), ContractTypesFile.Contract::odsCode));
            file.contracts().stream()
                    .filter(contract -> Codes.isValid(contract.odsCode()) && unknown.contains(contract.odsCode()))
                    .forEach(contract -> file.problems()
                            .add(
                                    contract.line(),
                                    "ods_code",
                                    contract.odsCode() + " is not a GP practice in the directory: check the code, or "
                                            + "import the latest epraccur file first"));
            file.problems().refuseIfAny();
            Instant now = clock.instant();
            Changes changes = repository.setContractTypes(file.contracts(), now);
            tellIfChanged(changes);
            return runs.record(
                    ImportFormat.CONTRACTS,
                    fileName,
                    importedBy,
                    now,
                    file.contracts().size(),
                    changes,
                    0);
        });
    }

    /**
     * NHS Digital's patients file also lists a few organisations that ODS does not class as GP practices; their
     * rows are skipped and counted rather than refused, so the published file imports as it is.
     */
    private ImportRun importListSizes(ListSizesFile file, String fileName, String importedBy) {
        return locked(() -> {
            Set<String> unknown = repository.unknownPractices(codes(file.sizes(), ListSizesFile.ListSize::odsCode));
            List<ListSizesFile.ListSize> known = file.sizes().stream()
                    .filter(size -> !unknown.contains(size.odsCode()))
                    .toList();
            Instant now = clock.instant();
            Changes changes = repository.setListSizes(file.extractedOn(), known, now);
            return runs.record(
                    ImportFormat.LIST_SIZES,
                    fileName,
                    importedBy,
                    now,
                    file.sizes().size(),
                    changes,
                    file.sizes().size() - known.size());
        });
    }

    private ImportRun importLmcAreas(LmcAreasFile file, String fileName, String importedBy) {
        return locked(() -> {
            Set<String> unknown = repository.unknownAreas(codes(file.areas(), LmcAreasFile.LmcArea::areaCode));
            file.areas().stream()
                    .filter(area -> Codes.isValid(area.areaCode()) && unknown.contains(area.areaCode()))
                    .forEach(area -> file.problems()
                            .add(
                                    area.line(),
                                    "area_code",
                                    area.areaCode() + " is neither the sub-ICB location nor the ICB of any practice "
                                            + "in the directory: check the code, or import the latest epraccur file "
                                            + "first"));
            file.problems().refuseIfAny();
            Instant now = clock.instant();
            Changes changes = repository.mapLmcAreas(file.areas());
            return runs.record(
                    ImportFormat.LMCS, fileName, importedBy, now, file.areas().size(), changes, 0);
        });
    }

    /** Told once the import commits: a practice opened, closed or given another contract type changes who may vote. */
    private void tellIfChanged(Changes changes) {
        if (changes.created() + changes.updated() > 0) {
            events.publishEvent(new PracticesChanged());
        }
    }

    private ImportRun locked(Supplier<ImportRun> work) {
        return transactions.execute(status -> {
            repository.lockImports();
            return work.get();
        });
    }

    private static <T> Set<String> codes(List<T> rows, Function<T, String> code) {
        return rows.stream().map(code).collect(Collectors.toSet());
    }

    private ImportRejected tooLarge(String fileName, long declaredLength) {
        long max = properties.maxFileSize().toBytes();
        String size = declaredLength > max
                ? String.format(Locale.ROOT, "%,d bytes", declaredLength)
                : String.format(Locale.ROOT, "more than %,d bytes", max);
        return ImportRejected.of(
                fileName,
                1,
                "file",
                "The file is " + size + "; the most an import takes is " + String.format(Locale.ROOT, "%,d", max)
                        + " bytes (" + properties.maxFileSize().toMegabytes()
                        + " MB, set by GPACTION_PRACTICES_MAX_FILE_SIZE)");
    }
}
