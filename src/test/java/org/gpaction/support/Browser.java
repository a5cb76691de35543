package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.args.AxeRunOnlyOptions;
import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.TimeoutError;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ViewportSize;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Headless Chromium from the operating system, driven by Playwright, started once per test run. When the browser
 * cannot start, tests fail: a browser test that skips proves nothing.
 */
public final class Browser {

    private static final List<String> FLAGS = List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run");

    private static final List<String> WCAG_22_AA =
            List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa");

    private static Playwright playwright;
    private static com.microsoft.playwright.Browser browser;

    private Browser() {}

    /** A fresh browser profile: no cookies shared with other tests. */
    public static BrowserContext newContext() {
        return newContext(true);
    }

    /** A fresh browser profile, with JavaScript switched off to prove a flow works without it. */
    public static synchronized BrowserContext newContext(boolean javaScript) {
        if (browser == null) {
            playwright = Playwright.create();
            String executable = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");
            browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of(executable))
                            .setHeadless(true)
                            .setArgs(FLAGS));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                browser.close();
                playwright.close();
            }));
        }
        return browser.newContext(
                new com.microsoft.playwright.Browser.NewContextOptions().setJavaScriptEnabled(javaScript));
    }

    /** Signs in on the sign-in page at that address as a person would, typing and clicking; answers the same page. */
    public static Page signIn(Page page, String signInAddress, String email, String password) {
        page.navigate(signInAddress);
        page.getByLabel("Email address").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
        return page;
    }

    /**
     * Fails the test on any WCAG 2.2 A or AA violation that axe finds on the page as it is now, or when the page does
     * not reflow to 320 px ({@link #assertReflows}), which axe cannot see: every journey runs it on every page.
     */
    public static void assertAccessible(Page page) {
        assertAxeFindsNothing(page);
        assertReflows(page);
    }

    /**
     * axe run in the page itself (legacy mode: our pages have no frames, so nothing needs axe's run across frames,
     * which starts a second page to finish in) and asked for violations only, not every node that passed: three times
     * faster, finding the same violations.
     */
    private static void assertAxeFindsNothing(Page page) {
        AxeRunOnlyOptions wcag22aa = new AxeRunOnlyOptions();
        wcag22aa.setType("tag");
        wcag22aa.setValues(WCAG_22_AA);
        AxeRunOptions options = new AxeRunOptions();
        options.setRunOnly(wcag22aa);
        options.setResultTypes(List.of("violations"));
        AxeResults results =
                new AxeBuilder(page).options(options).setLegacyMode(true).analyze();
        List<Rule> violations = results.getViolations();
        assertThat(violations)
                .as(
                        "accessibility violations on %s:%n%s",
                        page.url(),
                        violations.stream()
                                .map(rule -> "- " + rule.getId() + ": " + rule.getHelp() + " at "
                                        + rule.getNodes().stream()
                                                .map(node -> String.valueOf(node.getTarget()))
                                                .collect(Collectors.joining(", ")))
                                .collect(Collectors.joining("\n")))
                .isEmpty();
    }

    /**
     * Fails the test when the page, as it is now, scrolls sideways at 320 CSS pixels wide (WCAG 1.4.10, reflow). A
     * wide table may scroll inside its own container; the page may not. The viewport is put back afterwards.
     */
    public static void assertReflows(Page page) {
        ViewportSize before = page.viewportSize();
        page.setViewportSize(320, 640);
        try {
            // Scripts that answer the resize (GOV.UK Frontend's header menu folds away on a narrow screen) run in the
            // frames after it, later on a busy machine: the page is measured once it has settled, or after 3 s.
            try {
                page.waitForFunction(
                        "() => document.documentElement.scrollWidth <= 320",
                        null,
                        new Page.WaitForFunctionOptions().setTimeout(3_000));
            } catch (TimeoutError stillWide) {
                // Measured and reported below.
            }
            int width = ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue();
            Object wide = width <= 320 ? List.of() : page.evaluate("""
                            () => Array.from(document.querySelectorAll('body *'))
                                .filter(e => e.getBoundingClientRect().right > 320 && !e.parentElement.closest('.gpa-table-scroll'))
                                .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
                                .slice(0, 8)
                                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                                    + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
                                    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px ' + getComputedStyle(e).position)
                                .concat((() => {
                                    // A word too long to wrap overflows its element without widening it.
                                    const texts = [];
                                    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                                    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
                                        const range = document.createRange();
                                        range.selectNodeContents(t);
                                        const right = range.getBoundingClientRect().right;
                                        if (right > 320 && !t.parentElement.closest('.gpa-table-scroll')) {
                                            texts.push('text in ' + t.parentElement.tagName.toLowerCase() + ' "'
                                                + t.textContent.trim().slice(0, 60) + '" ' + Math.round(right) + 'px');
                                        }
                                    }
                                    return texts.slice(0, 8);
                                })())
                            """);
            assertThat(width)
                    .as("%s is %d px wide at a 320 px viewport; widest parts: %s", page.url(), width, wide)
                    .isLessThanOrEqualTo(320);
        } finally {
            if (before != null) {
                page.setViewportSize(before.width, before.height);
            }
        }
    }
}
