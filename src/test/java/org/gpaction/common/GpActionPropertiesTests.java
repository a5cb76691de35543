package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.net.URI;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

class GpActionPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void aBaseUrlOfAWebAddressIsTakenAndLinksArePutAfterIt() {
        for (String url :
                new String[] {"https://gpaction.example.org", "http://127.0.0.1:8080", "https://union.example/gpaction/"
                }) {
            GpActionProperties properties = bind(Map.of("GPACTION_BASE_URL", url));
            assertThat(properties.baseUrl()).isEqualTo(URI.create(url));
            assertThat(validator.validate(properties)).as(url).isEmpty();
        }
        assertThat(bind(Map.of("GPACTION_BASE_URL", "https://union.example/gpaction/"))
                        .link("/vote/abc"))
                .isEqualTo("https://union.example/gpaction/vote/abc");
    }

    @Test
    void aBaseUrlThatIsNotAWebAddressIsRefusedNamingTheSettingAndWhatToGive() {
        for (String url : new String[] {
            "gpaction.example.org",
            "gpaction.example.org:8443",
            "/gpaction",
            "https:gpaction.example.org",
            "ftp://gpaction.example.org",
            "https://gpaction.example.org/?from=email",
            "https://gpaction.example.org/#top"
        }) {
            assertThat(validator.validate(bind(Map.of("GPACTION_BASE_URL", url))))
                    .as(url)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_BASE_URL")
                            .contains("starting http:// or https://"));
        }
    }

    private static GpActionProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction", GpActionProperties.class, environment);
    }
}
