package org.gpaction.common.database;

import javax.sql.DataSource;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MigrationConfiguration {

    @Bean
    ModuleMigrations moduleMigrations(DataSource dataSource, JdbcConnectionDetails connection) {
        return ModuleMigrations.migrate(dataSource, connection.getJdbcUrl());
    }

    /** Makes everything that uses the database wait until every module's schema is migrated. */
    static class Detector extends AbstractBeansOfTypeDatabaseInitializerDetector {
        @Override
        protected java.util.Set<Class<?>> getDatabaseInitializerBeanTypes() {
            return java.util.Set.of(ModuleMigrations.class);
        }
    }
}
