package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.accounts.staff.StaffRepository;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.util.AopTestUtils;

/**
 * A signed-in request costs one look at the account's version; the account is reloaded only when an administrator
 * has changed it, and then the change applies from that request.
 */
@GpActionTest
class AccountStillEnabledFilterTests {

    @Autowired
    StaffRepository repository;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    StaffRepository staff;
    AccountStillEnabledFilter filter;
    MockHttpSession session;
    long id;
    String first;

    @BeforeEach
    void aSignedInReceptionist() {
        staff = spy(AopTestUtils.<StaffRepository>getUltimateTargetObject(repository));
        filter = new AccountStillEnabledFilter(staff);
        session = new MockHttpSession();
        first = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("filtered");
        id = staffAccounts
                .create(
                        new CreateStaffCommand(email, null, "RECEPTIONIST", List.of(first), null),
                        TestAdmin.id(staffAccounts),
                        "test")
                .id();
        StaffPrincipal principal = repository.findPrincipalById(id).orElseThrow();
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anUnchangedAccountIsNotReloaded() throws Exception {
        request();
        request();
        request();

        verify(staff, times(3)).versions(id);
        verify(staff, never()).findPrincipalById(anyLong());
        assertThat(signedIn().practices()).containsExactly(first);
    }

    @Test
    void aChangedScopeAppliesFromTheNextRequestAndIsLoadedOnce() throws Exception {
        String second = TestPractices.add(jdbc);
        staffAccounts.changeScope(
                id,
                new CreateStaffCommand(null, null, "RECEPTIONIST", List.of(second), null),
                TestAdmin.id(staffAccounts),
                "test");

        request();
        assertThat(signedIn().practices()).containsExactly(second);
        verify(staff, times(1)).findPrincipalById(id);

        clearInvocations(staff);
        request();
        verify(staff, never()).findPrincipalById(anyLong());
        assertThat(signedIn().practices()).containsExactly(second);
    }

    @Test
    void aDisabledAccountIsSignedOutAtItsNextRequest() throws Exception {
        staffAccounts.disable(id, TestAdmin.id(staffAccounts), "test");

        request();

        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        assertThat(session.isInvalid()).isTrue();
    }

    private void request() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/account");
        request.setSession(session);
        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain());
    }

    private static StaffPrincipal signedIn() {
        return (StaffPrincipal)
                SecurityContextHolder.getContext().getAuthentication().getPrincipal();
    }
}
