package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PageNumberTests {

    @Test
    void noPageAskedForIsTheFirst() {
        assertThat(PageNumber.asked(null)).isEqualTo(1);
        assertThat(PageNumber.asked("")).isEqualTo(1);
        assertThat(PageNumber.asked("  ")).isEqualTo(1);
    }

    @Test
    void aWholeNumberFromOneIsThatPage() {
        assertThat(PageNumber.asked("1")).isEqualTo(1);
        assertThat(PageNumber.asked(" 12 ")).isEqualTo(12);
        assertThat(PageNumber.asked("007")).isEqualTo(7);
    }

    @Test
    void aNumberTooLargeForAnyListIsTakenAsTheHighestPageForTheListToShowItsLast() {
        assertThat(PageNumber.asked("100001")).isEqualTo(PageNumber.MOST);
        assertThat(PageNumber.asked("99999999999999999999999")).isEqualTo(PageNumber.MOST);
    }

    @Test
    void anythingElseIsRefusedWithA400NamingThePageNumber() {
        for (String notAPage : List.of("abc", "-1", "0", "000", "1.5", "+2", "1e3", "\u0663", "2 3")) {
            assertThatThrownBy(() -> PageNumber.asked(notAPage))
                    .as(notAPage)
                    .isInstanceOfSatisfying(PageNumber.Refused.class, refused -> {
                        assertThat(refused.getStatusCode().value()).isEqualTo(400);
                        assertThat(refused.getReason()).contains("(page=)");
                    });
        }
    }

    @Test
    void aPagePastTheLastOfAListThatSaysSoIsRefusedNamingThePagesThereAre() {
        PageNumber.within(3, 3);
        PageNumber.within(1, 1);

        assertThatThrownBy(() -> PageNumber.within(4, 3)).isInstanceOfSatisfying(PageNumber.Refused.class, refused -> {
            assertThat(refused.getStatusCode().value()).isEqualTo(400);
            assertThat(refused.getReason())
                    .isEqualTo("The page number in the address (page=) must be a whole number from 1 to 3, as"
                            + " the list has 3 pages: correct it, or leave it out for the first page.");
        });
        assertThatThrownBy(() -> PageNumber.within(PageNumber.MOST, 1))
                .hasMessageContaining("from 1 to 1, as the list has 1 page:");
    }
}
