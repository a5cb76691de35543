package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ListPageTests {

    @Test
    void aListHasAsManyPagesAsItFills_andAnEmptyOneHasOne() {
        assertThat(ListPage.lastIfPast(1, 0, 50).pages()).isEqualTo(1);
        assertThat(ListPage.lastIfPast(1, 1, 50).pages()).isEqualTo(1);
        assertThat(ListPage.lastIfPast(1, 50, 50).pages()).isEqualTo(1);
        assertThat(ListPage.lastIfPast(1, 51, 50).pages()).isEqualTo(2);
        assertThat(ListPage.lastIfPast(1, 5_000_000_000L, 100).pages()).isEqualTo(50_000_000L);
    }

    @Test
    void aPageStartsWhereTheOnesBeforeItEnd() {
        ListPage third = ListPage.lastIfPast(3, 250, 100);

        assertThat(third.number()).isEqualTo(3);
        assertThat(third.offset()).isEqualTo(200);
        assertThat(ListPage.offset(3, 100)).isEqualTo(200);
        assertThat(ListPage.offset(PageNumber.MOST, 500))
                .as("the highest page taken, at the largest size any list has, does not overflow")
                .isEqualTo((PageNumber.MOST - 1L) * 500);
    }

    @Test
    void aPageSaysWhichOfTheListItShows_andAnEmptyOneShowsNone() {
        ListPage third = ListPage.lastIfPast(3, 250, 100);

        assertThat(third.firstShown(50)).isEqualTo(201);
        assertThat(third.lastShown(50)).isEqualTo(250);
        assertThat(ListPage.lastIfPast(1, 0, 100).firstShown(0)).isZero();
        assertThat(ListPage.lastIfPast(1, 0, 100).lastShown(0)).isZero();
    }

    @Test
    void aPagePastTheLastIsTheLast_forAListThatShowsItsLastInstead() {
        assertThat(ListPage.lastIfPast(7, 250, 100)).isEqualTo(ListPage.lastIfPast(3, 250, 100));
        assertThat(ListPage.lastIfPast(PageNumber.MOST, 0, 100).number()).isEqualTo(1);
    }

    @Test
    void aPagePastTheLastIsRefusedNamingThePagesThereAre_forAListThatSaysWhichPagesItHas() {
        assertThat(ListPage.refusedIfPast(3, 250, 100)).isEqualTo(ListPage.lastIfPast(3, 250, 100));

        assertThatThrownBy(() -> ListPage.refusedIfPast(4, 250, 100))
                .isInstanceOf(PageNumber.Refused.class)
                .hasMessageContaining("from 1 to 3, as the list has 3 pages:");
    }

    @Test
    void aPageBeforeTheFirstIsNone() {
        assertThatThrownBy(() -> ListPage.lastIfPast(0, 250, 100)).isInstanceOf(IllegalArgumentException.class);
    }
}
