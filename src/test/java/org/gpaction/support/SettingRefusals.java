package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * What start-up says of a setting it refuses: the variable an operator sets and the key it binds, as in
 * "GPACTION_MAIL_MAXATTEMPTS (gpaction.mail.max-attempts) must be at least 1, for example 8", so whoever reads it knows
 * what to change and to what, whichever of the two they set.
 */
public final class SettingRefusals {

    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    private SettingRefusals() {}

    /** A value given for a variable alone, and the setting's key under the prefix the refusal must name. */
    public record Refused(String variable, String value, String key) {}

    public static Refused refused(String variable, String value, String key) {
        return new Refused(variable, value, key);
    }

    /**
     * Binds each value alone under {@code prefix} from its variable, as {@link EnvironmentSettings} does, and checks it
     * is refused, each refusal naming the variable and the full key and giving an example. Every value that is not is
     * reported, not only the first.
     */
    public static void assertEachIsRefusedNamingItsSetting(String prefix, Class<?> type, Refused... refused) {
        SoftAssertions.assertSoftly(softly -> {
            for (Refused setting : refused) {
                List<String> messages = VALIDATOR
                        .validate(EnvironmentSettings.bind(prefix, type, Map.of(setting.variable(), setting.value())))
                        .stream()
                        .map(ConstraintViolation::getMessage)
                        .toList();
                String named = setting.variable() + " (" + prefix + "." + setting.key() + ") must ";
                softly.assertThat(messages)
                        .as("%s=%s", setting.variable(), setting.value())
                        .isNotEmpty()
                        .allSatisfy(
                                message -> assertThat(message).startsWith(named).contains("for example "));
            }
        });
    }
}
