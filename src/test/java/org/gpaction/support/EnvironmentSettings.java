package org.gpaction.support;

import static org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Settings bound from environment variables as an operator gives them, by the names the README's table lists. */
public final class EnvironmentSettings {

    private EnvironmentSettings() {}

    /**
     * Binds {@code type} under {@code prefix} from these variables alone. The source is named as the process
     * environment is, since only then does Boot map a variable without the setting's dashes
     * ({@code GPACTION_MAIL_POLLINTERVAL}) as it does in service.
     */
    public static <T> T bind(String prefix, Class<T> type, Map<String, Object> variables) {
        return new Binder(ConfigurationPropertySources.from(
                        new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables)))
                .bindOrCreate(prefix, type);
    }
}
