package org.gpaction.accounts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;

/** What the staff journeys do again and again in a browser: open a page, sign in, choose a password from a link. */
final class StaffPages {

    private final int port;

    StaffPages(int port) {
        this.port = port;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Opens an emailed link on this server, whatever host the email named. */
    void openLink(Page page, String link) {
        page.navigate(url(URI.create(link).getPath()));
    }

    Page signIn(Page page, String email, String password) {
        page.navigate(url("/sign-in"));
        fillSignIn(page, email, password);
        assertThat(page.getByText("Signed in as " + email)).isVisible();
        return page;
    }

    static void fillSignIn(Page page, String email, String password) {
        page.getByLabel("Email address").fill(email);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))
                .click();
    }

    /** On the page a password link opens: types the new password and its confirmation, and saves. */
    static void choosePassword(Page chooser, String password, String confirmation) {
        chooser.getByLabel("New password", new Page.GetByLabelOptions().setExact(true))
                .fill(password);
        chooser.getByLabel("Confirm new password").fill(confirmation);
        chooser.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save password"))
                .click();
    }

    static Locator row(Page page, String email) {
        return page.getByRole(AriaRole.ROW).filter(new Locator.FilterOptions().setHasText(email));
    }
}
