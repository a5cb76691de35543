package org.gpaction.common.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Answers for requests Tomcat refuses before any filter of ours runs (an encoded slash in the path, a malformed
 * request line or header): the same security headers as every other answer, a short plain-text body, and nothing
 * about the server. Replaces Tomcat's own report page, and Spring Boot's, on the host.
 */
@Configuration(proxyBeanMethods = false)
class ServerErrorReports {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> plainErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            // The host makes a report valve of this class when it starts, unless one is there already ...
            host.setErrorReportValveClass(PlainErrorReport.class.getName());
            // ... and once every customizer has run (Spring Boot's puts its own report valve on the host), ours is the
            // only one left, whatever order the customizers ran in.
            context.addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                    keepOnlyPlainReports(host.getPipeline());
                }
            });
        });
    }

    private static void keepOnlyPlainReports(Pipeline pipeline) {
        boolean plain = false;
        for (Valve valve : pipeline.getValves()) {
            if (valve instanceof PlainErrorReport) {
                plain = true;
            } else if (valve instanceof ErrorReportValve) {
                pipeline.removeValve(valve);
            }
        }
        if (!plain) {
            pipeline.addValve(new PlainErrorReport());
        }
    }

    /** Public, with a public constructor, because the host makes one by its class name. */
    public static final class PlainErrorReport extends ErrorReportValve {

        public PlainErrorReport() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean writable = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
            if (!writable.get()) {
                return;
            }
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Cache-Control", "no-store");
            try {
                response.setContentType("text/plain");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(
                            status == 400
                                    ? "Bad request: the address or the request could not be read. Check the link and try again.\n"
                                    : "Sorry, there is a problem with the service (" + status + ").\n");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException ignored) {
                // The client has gone or the response was already under way: nothing more to say.
            }
        }
    }
}
