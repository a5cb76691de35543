package org.gpaction.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts one real SMTP server (GreenMail) for the whole test run, on a free port, and points every test
 * application context at it, with a dispatcher that looks for mail often. Read what arrived with
 * {@link TestMailbox}. A test that wants mail written to files sets {@code gpaction.test.shared-mailbox=false}.
 */
public class SharedTestMailServer implements EnvironmentPostProcessor, Ordered {

    private static GreenMail greenMail;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.mail.host"))
                || !environment.getProperty("gpaction.test.shared-mailbox", Boolean.class, true)) {
            return;
        }
        GreenMail server = server();
        // Last, so that a test's own properties win.
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "sharedTestMailServer",
                        Map.of(
                                "spring.mail.host",
                                server.getSmtp().getBindTo(),
                                "spring.mail.port",
                                String.valueOf(server.getSmtp().getPort()),
                                "gpaction.mail.poll-interval",
                                "200ms",
                                "gpaction.mail.backoff",
                                "1s",
                                // GreenMail logs every mailbox it creates; tests create thousands.
                                "logging.level.com.icegreen.greenmail",
                                "WARN")));
    }

    public static synchronized GreenMail server() {
        if (greenMail == null) {
            GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-mail-server-stop"));
            greenMail = server;
        }
        return greenMail;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
