package org.gpaction.ballots.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The replacement limits look back no further than the requests they count are kept: a day. */
class ReplacementPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void windowsUpToADayAreTaken() {
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        assertThat(validator.validate(bind(Map.of(
                        "gpaction.ballots.replacements.address-window", "1d",
                        "gpaction.ballots.replacements.window", "24h",
                        "gpaction.ballots.replacements.repeat-window", "1d"))))
                .isEmpty();
    }

    @Test
    void aWindowLongerThanTheRequestsCountedAreKeptIsRefusedNamingTheSetting() {
        for (String setting : new String[] {"address-window", "window", "repeat-window"}) {
            for (String window : new String[] {"25h", "2d", "7d"}) {
                Set<ConstraintViolation<ReplacementProperties>> problems =
                        validator.validate(bind(Map.of("gpaction.ballots.replacements." + setting, window)));
                assertThat(problems)
                        .as(setting + "=" + window)
                        .singleElement()
                        .satisfies(problem ->
                                assertThat(problem.getPropertyPath().toString()).isEqualTo(camelCase(setting)));
            }
        }
    }

    private static String camelCase(String setting) {
        return switch (setting) {
            case "address-window" -> "addressWindow";
            case "repeat-window" -> "repeatWindow";
            default -> setting;
        };
    }

    private static ReplacementProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("gpaction.ballots.replacements", ReplacementProperties.class);
    }
}
