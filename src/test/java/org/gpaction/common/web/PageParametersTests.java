package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageParametersTests {

    @Test
    void noPageOrSizeIsTheFirstPageOfTheDefaultSize() {
        PageParameters asked = new PageParameters();

        assertThat(asked.page(null)).isEqualTo(1);
        assertThat(asked.page(" ")).isEqualTo(1);
        assertThat(asked.size(null, 50, 500)).isEqualTo(50);
        assertThat(asked.size("", 50, 500)).isEqualTo(50);
        asked.check();
    }

    @Test
    void plainDigitsInRangeAreTaken_andAPageBeyondTheMostIsTakenAsIt() {
        PageParameters asked = new PageParameters();

        assertThat(asked.page(" 007 ")).isEqualTo(7);
        assertThat(asked.page("99999999999999999999")).isEqualTo(PageParameters.MOST_PAGES);
        assertThat(asked.size("500", 50, 500)).isEqualTo(500);
        assertThat(asked.size("1", 50, 500)).isOne();
        asked.check();
    }

    @Test
    void aPageThatIsNoWholeNumberFromOneIsRefusedNamingPageAndItsRange() {
        for (String notAPage : List.of("abc", "0", "000", "-1", "+2", "1.5", "1e3", "\u0663", "2 3")) {
            PageParameters asked = new PageParameters();
            asked.page(notAPage);

            assertThatThrownBy(asked::check).as(notAPage).isInstanceOfSatisfying(InvalidRequest.class, refused -> {
                assertThat(refused.errors())
                        .singleElement()
                        .satisfies(error -> assertThat(error.get("field")).isEqualTo("page"));
                assertThat(refused.getMessage())
                        .isEqualTo("The page number in the address (page=) must be a whole number from 1:"
                                + " correct it, or leave it out for the first page.");
            });
        }
    }

    @Test
    void aSizeOutsideItsRangeIsRefusedNamingSizeAndItsRange_besideTheOtherParametersToFix() {
        for (String notASize : List.of("0", "501", "-5", "+2", "99999999999999999999", "ten")) {
            PageParameters asked = new PageParameters();
            asked.page("0");
            asked.size(notASize, 50, 500);
            asked.refuse("status", "status must be ACTIVE or CLOSED");

            assertThatThrownBy(asked::check).as(notASize).isInstanceOfSatisfying(InvalidRequest.class, refused -> {
                assertThat(refused.errors().stream().map(error -> error.get("field")))
                        .containsExactly("page", "size", "status");
                assertThat(refused.getMessage())
                        .contains("The page size in the address (size=) must be a whole number from 1 to 500:"
                                + " correct it, or leave it out for pages of 50.")
                        .endsWith("status must be ACTIVE or CLOSED");
            });
        }
    }
}
