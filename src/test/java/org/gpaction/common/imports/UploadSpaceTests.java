package org.gpaction.common.imports;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class UploadSpaceTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void aGigabyteIsKeptFreeUnlessSetOtherwise_andNothingIsAFloorToo() {
        assertThat(bind(Map.of()).minFreeSpace()).isEqualTo(DataSize.ofGigabytes(1));
        for (String size : new String[] {"5GB", "0"}) {
            UploadSpace set = bind(Map.of("GPACTION_UPLOADS_MINFREESPACE", size));
            assertThat(set.minFreeSpace()).isEqualTo(DataSize.parse(size));
            assertThat(validator.validate(set)).as(size).isEmpty();
        }
    }

    @Test
    void aFloorOfLessThanNothingIsRefusedNamingTheSetting() {
        assertThat(validator.validate(bind(Map.of("GPACTION_UPLOADS_MINFREESPACE", "-1MB"))))
                .singleElement()
                .satisfies(violation -> assertThat(violation.getMessage())
                        .contains("GPACTION_UPLOADS_MINFREESPACE")
                        .contains("must be 0 bytes or more"));
    }

    private static UploadSpace bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.uploads", UploadSpace.class, environment);
    }
}
