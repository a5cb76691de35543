package org.gpaction.common.database;

import org.gpaction.common.GpActionProperties;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * With no database configured, run PostgreSQL ourselves; Spring Boot then builds its usual connection pool on
 * the connection details given here.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDatabaseConfigured.class)
class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedPostgresServer embeddedPostgresServer(GpActionProperties properties) {
        return EmbeddedPostgresServer.start(properties.dataDir());
    }

    @Bean(destroyMethod = "close")
    PostmasterWatch postmasterWatch(EmbeddedPostgresServer server) {
        return new PostmasterWatch(server);
    }

    @Bean
    JdbcConnectionDetails embeddedConnectionDetails(EmbeddedPostgresServer server) {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return server.username();
            }

            @Override
            public String getPassword() {
                return server.password();
            }

            @Override
            public String getJdbcUrl() {
                return server.jdbcUrl();
            }

            @Override
            public String getDriverClassName() {
                return DatabaseDriver.POSTGRESQL.getDriverClassName();
            }
        };
    }

    static class NoDatabaseConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
