package org.gpaction.practices.imports;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ImportPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void anImportTakesFilesUpTo20MBUnlessSetOtherwise() {
        assertThat(bind(Map.of()).maxFileSize()).isEqualTo(DataSize.ofMegabytes(20));
        ImportProperties set = bind(Map.of("GPACTION_PRACTICES_MAX_FILE_SIZE", "1KB"));
        assertThat(set.maxFileSize()).isEqualTo(DataSize.ofKilobytes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    /** A limit of no bytes (or less) refuses every file, the epraccur file included. */
    @Test
    void aLimitOfNoBytesOrLessIsRefusedNamingTheSetting() {
        for (String size : new String[] {"0B", "0", "-1MB"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_PRACTICES_MAX_FILE_SIZE", size))))
                    .as(size)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_PRACTICES_MAX_FILE_SIZE")
                            .contains("must be more than 0 bytes"));
        }
    }

    private static ImportProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.practices", ImportProperties.class, environment);
    }
}
