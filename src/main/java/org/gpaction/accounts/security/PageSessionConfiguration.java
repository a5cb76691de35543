package org.gpaction.accounts.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/** How page sessions are kept in accounts.page_session (accounts V4), which every instance shares. */
@Configuration(proxyBeanMethods = false)
class PageSessionConfiguration {

    /**
     * Two requests of one session that both add the same new attribute (a flash message, when a form is posted twice
     * at once) would otherwise both insert it, and the second fail on the attributes' primary key, answering 500 after
     * its work was done. With Spring Session's own PostgreSQL statements the insert is an upsert: the later one stands.
     * It must run after Boot's customizer, whose table name would otherwise reset the statements to their defaults:
     * Boot's is first, this last.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionAttributesUpserted() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
