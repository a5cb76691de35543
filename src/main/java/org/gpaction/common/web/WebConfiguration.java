package org.gpaction.common.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
}
