package org.gpaction.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.MessagingException;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Mail waits in the outbox and is tried again, so an instance whose SMTP server is down still serves everything
 * else: its health, which a load balancer may check, stays UP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gpaction.bootstrap-admin.email=" + TestAdmin.EMAIL,
            "gpaction.bootstrap-admin.password=" + TestAdmin.PASSWORD,
            // Nothing listens on port 1 (tcpmux); the shared outbox is left to the other tests' instance.
            "spring.mail.host=127.0.0.1",
            "spring.mail.port=1",
            "gpaction.mail.dispatch=false"
        })
class MailServerDownHealthTests {

    @LocalServerPort
    int port;

    @Autowired
    JavaMailSenderImpl smtp;

    @Test
    void theInstanceIsHealthyWhileItsMailServerCannotBeReached() {
        assertThatThrownBy(smtp::testConnection)
                .as("the mail server is really down")
                .isInstanceOf(MessagingException.class);

        Http anyone = new Http(port);
        Http.Response health = anyone.get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertThat(anyone.get("/actuator/health/readiness").status()).isEqualTo(200);
    }
}
