package org.gpaction.common.web;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Locale;
import org.gpaction.common.startup.StartupProblem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
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

    private static final long MEGABYTE = DataSize.ofMegabytes(1).toBytes();

    /**
     * @param maxBodySize the largest body of any request but a file upload ({@code GPACTION_WEB_MAXBODYSIZE})
     * @param maxUploadSize the largest file upload, CSV or multipart, to a path that takes one ({@code
     *     GPACTION_WEB_MAXUPLOADSIZE}), and the multipart parser's limits; each import's paths are held to its own
     *     limit too ({@link UploadPaths}), which may be no larger
     * @param maxLingeringCloses how many bodies refused unread may be read and dropped after their answer at once, each
     *     holding a request thread for up to {@link LingeringClose#FOR_AT_MOST} ({@code
     *     GPACTION_WEB_MAXLINGERINGCLOSES}); past them, the connection closes once the answer is written. Fewer than the
     *     server's request threads (server.tomcat.threads.max), or they could hold every one: checked at start-up
     */
    @Validated
    @ConfigurationProperties("gpaction.web")
    record RequestLimits(
            @NotNull @DefaultValue("1MB") DataSize maxBodySize,
            @NotNull @DefaultValue("501MB") DataSize maxUploadSize,
            @DefaultValue("8") int maxLingeringCloses) {

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

        /** Less than none is a mistake: 0 already closes every refused connection once answered. */
        @AssertTrue(
                message = "GPACTION_WEB_MAXLINGERINGCLOSES (gpaction.web.max-lingering-closes) must be 0 or more,"
                        + " for example 8")
        boolean isMaxLingeringClosesNotNegative() {
            return maxLingeringCloses >= 0;
        }
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            RequestLimits limits, ObjectProvider<UploadPaths> uploadPaths) {
        List<UploadPaths> paths = uploadPaths.orderedStream().toList();
        paths.forEach(upload -> refuseAnImportLargerThanAnyUpload(upload, limits));
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(
                limits.maxBodySize().toBytes(), limits.maxUploadSize().toBytes(), paths));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * An import raised past what any upload may send would have its larger files refused only as they arrive, with a
     * 413 naming neither setting; start-up says which to raise instead, with room for the form a page sends it in.
     */
    private static void refuseAnImportLargerThanAnyUpload(UploadPaths upload, RequestLimits limits) {
        long maxUpload = limits.maxUploadSize().toBytes();
        if (upload.setting() == null || upload.maxFileBytes() <= maxUpload) {
            return;
        }
        long body = limits.maxBodySize().toBytes();
        long needed = upload.maxFileBytes() > Long.MAX_VALUE - body ? Long.MAX_VALUE : upload.maxFileBytes() + body;
        throw new StartupProblem(
                String.format(
                        Locale.ROOT,
                        "%s lets an import take a file of %s, more than GPACTION_WEB_MAXUPLOADSIZE"
                                + " (gpaction.web.max-upload-size) lets any upload send, %s: its larger files would"
                                + " be refused",
                        upload.setting(),
                        size(upload.maxFileBytes()),
                        size(maxUpload)),
                String.format(
                        Locale.ROOT,
                        "Set GPACTION_WEB_MAXUPLOADSIZE to at least %dMB (the import's limit, with room for the form a"
                                + " page sends the file in), or set %s lower.",
                        (needed - 1) / MEGABYTE + 1,
                        upload.setting()));
    }

    private static String size(long bytes) {
        return bytes % MEGABYTE == 0 ? bytes / MEGABYTE + "MB" : String.format(Locale.ROOT, "%,d bytes", bytes);
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

    /**
     * The request threads are read from the settings Boot binds for Tomcat, so they are the server's own; Tomcat's
     * defaults in a context with no server.
     */
    @Bean
    LingeringClose lingeringClose(RequestLimits limits, ObjectProvider<TomcatServerProperties> tomcat) {
        int requestThreads =
                tomcat.getIfAvailable(TomcatServerProperties::new).getThreads().getMax();
        refuseLingeringClosesHoldingEveryRequestThread(limits.maxLingeringCloses(), requestThreads);
        return new LingeringClose(limits.maxLingeringCloses());
    }

    /**
     * The bound is there so that clients sending refused bodies slowly cannot hold every request thread: as many as the
     * server has, or more, bounds nothing.
     */
    private static void refuseLingeringClosesHoldingEveryRequestThread(int maxLingeringCloses, int requestThreads) {
        if (maxLingeringCloses < requestThreads) {
            return;
        }
        throw new StartupProblem(
                String.format(
                        Locale.ROOT,
                        "GPACTION_WEB_MAXLINGERINGCLOSES (gpaction.web.max-lingering-closes) is %d, not less than the"
                                + " %d request threads SERVER_TOMCAT_THREADS_MAX (server.tomcat.threads.max) gives the"
                                + " server: clients sending refused uploads slowly could hold every one of them, and"
                                + " the server would answer nothing else",
                        maxLingeringCloses,
                        requestThreads),
                String.format(
                        Locale.ROOT,
                        "Set GPACTION_WEB_MAXLINGERINGCLOSES well below %d (for example 8), or raise"
                                + " SERVER_TOMCAT_THREADS_MAX well above %d.",
                        requestThreads,
                        maxLingeringCloses));
    }

    /** Refusals closed unread past the bound, for an operator to see: an attack, or uploads refused for the disk. */
    @Bean
    MeterBinder refusalsClosedUnread(LingeringClose lingeringClose) {
        return registry -> FunctionCounter.builder(
                        "gpaction.web.refusals.closed.unread", lingeringClose, LingeringClose::closedUnread)
                .description("Requests refused with their body unread (uploads, and callers refused by access)"
                        + " whose connection was closed once answered, what their client"
                        + " still sent unread, as gpaction.web.max-lingering-closes bodies were being read already")
                .register(registry);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> lingeringCloseOnTheEngine(LingeringClose lingeringClose) {
        return factory -> factory.addEngineValves(lingeringClose);
    }
}
