package org.gpaction.common.web;

import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.gpaction.common.GpActionProperties;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
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

    /**
     * The API document names the site's own address (GPACTION_BASE_URL) as the API's server. Springdoc would write
     * the address the request came to, and the README's HAProxy passes on the Host header the client sends, so any
     * client could have the document name another site (TwoInstancesBehindHaproxyTests).
     */
    @Bean
    OpenApiCustomizer apiServerIsTheSitesOwnAddress(GpActionProperties app) {
        String site = app.baseUrl().toString().replaceFirst("/+$", "");
        return openApi -> openApi.setServers(List.of(new Server().url(site)));
    }

    /** Every JSON body, bound by Spring MVC or read by a servlet of ours, takes whole numbers only as such. */
    @Bean
    JsonMapperBuilderCustomizer wholeNumbersOnly() {
        return JsonBodies::wholeNumbersOnly;
    }

    /**
     * The API takes JSON, as its documents say. The OpenAPI library brings Jackson's YAML format with it, and Spring
     * registers a converter wherever that is present: bodies sent as YAML were read as if they were JSON, and a 415
     * listed YAML among the types taken. Without it they are refused as any other type is.
     */
    @Bean
    WebMvcConfigurer noYamlBodies() {
        return new WebMvcConfigurer() {
            @Override
            public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
                builder.configureMessageConvertersList(converters -> converters.removeIf(WebConfiguration::isYaml));
            }
        };
    }

    static boolean isYaml(HttpMessageConverter<?> converter) {
        return converter.getSupportedMediaTypes().stream()
                .anyMatch(type -> type.getSubtype().endsWith("yaml"));
    }
}
