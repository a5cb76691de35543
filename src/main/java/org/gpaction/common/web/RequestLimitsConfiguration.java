package org.gpaction.common.web;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** Limits on what a request may send, applied before any other filter, security included, can read it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimitsConfiguration.RequestLimits.class)
class RequestLimitsConfiguration {

    /**
     * @param maxBodySize the largest body of any request but a file upload ({@code GPACTION_WEB_MAXBODYSIZE})
     * @param maxUploadSize the largest file upload, CSV or multipart, to a path that takes one ({@code
     *     GPACTION_WEB_MAXUPLOADSIZE}); each import's paths are held to its own, smaller limit too ({@link
     *     UploadPaths})
     */
    @Validated
    @ConfigurationProperties("gpaction.web")
    record RequestLimits(
            @NotNull @DefaultValue("1MB") DataSize maxBodySize,
            @NotNull @DefaultValue("501MB") DataSize maxUploadSize) {

        /** A limit of no bytes or less would refuse every form and every JSON body. */
        @AssertTrue(
                message = "GPACTION_WEB_MAXBODYSIZE (gpaction.web.max-body-size) must be more than 0 bytes,"
                        + " for example 1MB")
        boolean isMaxBodySizeMoreThanNothing() {
            return maxBodySize == null || maxBodySize.toBytes() > 0;
        }

        /** A limit of no bytes or less would refuse every upload. */
        @AssertTrue(
                message = "GPACTION_WEB_MAXUPLOADSIZE (gpaction.web.max-upload-size) must be more than 0 bytes,"
                        + " for example 501MB")
        boolean isMaxUploadSizeMoreThanNothing() {
            return maxUploadSize == null || maxUploadSize.toBytes() > 0;
        }
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            RequestLimits limits, ObjectProvider<UploadPaths> uploadPaths) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(
                limits.maxBodySize().toBytes(),
                limits.maxUploadSize().toBytes(),
                uploadPaths.orderedStream().toList()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * A client that asks before sending a large body ({@code Expect: 100-continue}, as curl does) is told to go on
     * only once the application reads the body, so a refusal reaches it before it sends a byte.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> continueOnlyWhenTheBodyIsRead() {
        return factory ->
                factory.addConnectorCustomizers(connector -> connector.setProperty("continueResponseTiming", "onRead"));
    }
}
