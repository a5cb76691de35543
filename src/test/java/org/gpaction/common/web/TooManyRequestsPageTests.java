package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.gpaction.common.ratelimit.RetryAfter;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.ui.ExtendedModelMap;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** Every page refused for too many tries says the wait in the words of one fragment, in whole minutes rounded up. */
class TooManyRequestsPageTests {

    @Test
    void aWaitOfUpToAMinuteIsSaidInTheSingular_andALongerOneInThePlural() {
        assertThat(waitSaidFor(Duration.ofSeconds(1))).isEqualTo("Wait 1 minute and try again.");
        assertThat(waitSaidFor(Duration.ofSeconds(60))).isEqualTo("Wait 1 minute and try again.");
        assertThat(waitSaidFor(Duration.ofSeconds(61))).isEqualTo("Wait 2 minutes and try again.");
        assertThat(waitSaidFor(Duration.ofMinutes(15))).isEqualTo("Wait 15 minutes and try again.");
    }

    @Test
    void theRefusalIsA429WithTheWaitInWholeSecondsForAScript() {
        MockHttpServletResponse response = new MockHttpServletResponse();

        String page = TooManyRequestsPage.show(
                new RetryAfter(Duration.ofMillis(90_500)), "events/too-many", response, new ExtendedModelMap());

        assertThat(page).isEqualTo("events/too-many");
        assertThat(response.getStatus()).isEqualTo(429);
        assertThat(response.getHeader("Retry-After")).isEqualTo("91");
    }

    /** The words {@code common/wait :: tryAgain} renders from the model {@link TooManyRequestsPage#show} fills. */
    private static String waitSaidFor(Duration wait) {
        ExtendedModelMap model = new ExtendedModelMap();
        TooManyRequestsPage.show(new RetryAfter(wait), "any", new MockHttpServletResponse(), model);
        return engine().process("common/wait", Set.of("tryAgain"), new Context(Locale.UK, model))
                .strip();
    }

    private static SpringTemplateEngine engine() {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("templates/");
        templates.setSuffix(".html");
        templates.setTemplateMode(TemplateMode.HTML);
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(templates);
        return engine;
    }
}
