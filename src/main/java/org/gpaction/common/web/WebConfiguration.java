package org.gpaction.common.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    PublicPaths commonPublicPaths() {
        return PublicPaths.of(
                "/",
                "/accessibility",
                "/privacy",
                "/error",
                "/assets/**",
                "/webjars/**",
                "/css/**",
                "/js/**",
                "/favicon.svg",
                "/favicon.ico",
                "/actuator/health",
                "/actuator/health/**");
    }

    /**
     * Spring Boot turns the resource chain on because the WebJars locator is present, and with it a filter that
     * offers every link a page writes to the static resource resolvers. No versioning strategy is configured, so it
     * never changes a link, yet a link that is not a file (every page's links to other pages) misses the cache and is
     * looked up in each static location's jar, on every page view: a page of a few hundred links spent most of its
     * time there. WebJar paths without a version still resolve when they are requested. Registered here, disabled,
     * so that Boot does not register its own.
     */
    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> noResourceUrlEncoding() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.setEnabled(false);
        return registration;
    }
}
