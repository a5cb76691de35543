package org.gpaction.accounts.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.BearerTokens;
import org.gpaction.accounts.StaffRole;
import org.gpaction.accounts.staff.StaffRepository;
import org.gpaction.common.web.BeforeTheFormIsRead;
import org.gpaction.common.web.ExpiredFormPages;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.common.web.RolePaths;
import org.gpaction.common.web.ScopedPaths;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.access.intercept.RequestMatcherDelegatingAuthorizationManager;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two ways in: the JSON API under {@code /api} takes bearer tokens and keeps no session; the pages take a
 * signed-in session with CSRF protection. Modules open their public pages through {@link PublicPaths}.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /**
     * No tracing of each security filter: it cost more than the vote it guarded, and the request as a whole is still
     * observed (http.server.requests).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        String argon2 = "argon2";
        return new DelegatingPasswordEncoder(
                argon2, Map.of(argon2, Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8()));
    }

    @Bean
    UserDetailsService staffUserDetails(StaffRepository staff) {
        return email -> staff.findPrincipalByEmail(email == null ? "" : email.strip())
                .orElseThrow(() -> new UsernameNotFoundException("No such staff account"));
    }

    @Bean
    AuthenticationManager authenticationManager(
            UserDetailsService staffUserDetails, PasswordEncoder passwordEncoder, SignInThrottle throttle) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(staffUserDetails);
        passwords.setPasswordEncoder(passwordEncoder);
        // Whether the account is enabled is checked after its password, not before: a disabled account's holder is
        // told so, rather than that their right password is wrong, and nobody without the password learns it.
        passwords.setPreAuthenticationChecks(account -> {});
        passwords.setPostAuthenticationChecks(account -> {
            if (!account.isEnabled()) {
                throw new AccountDisabled();
            }
        });
        return new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle));
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            ApiTokens tokens,
            SignInThrottle throttle,
            ObjectProvider<PublicPaths> publicPaths,
            ObjectProvider<RolePaths> rolePaths)
            throws Exception {
        String[] openApi = publicPaths
                .orderedStream()
                .map(PublicPaths::patterns)
                .flatMap(List::stream)
                .filter(pattern -> pattern.startsWith("/api/"))
                .toArray(String[]::new);
        // Paths of the API that modules keep to some roles: decided here, before a controller binds the body.
        List<RolePaths> apiRoles = rolePaths
                .orderedStream()
                .filter(rule -> rule.patterns().stream().allMatch(pattern -> pattern.startsWith("/api/")))
                .toList();
        List<AuthorizeBeforeBody.Refusal> apiRefusals = refusals(apiRoles);
        return http.securityMatcher("/api/**")
                .authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(HttpMethod.POST, "/api/tokens").permitAll();
                    requests.requestMatchers("/api/openapi.json", "/api/openapi.json/**")
                            .permitAll();
                    if (openApi.length > 0) {
                        requests.requestMatchers(openApi).permitAll();
                    }
                    requests.requestMatchers("/api/staff", "/api/staff/**").hasRole(StaffRole.ADMIN.name());
                    // Decided here, before a controller binds the body, so a refused upload is never read.
                    requests.requestMatchers(
                                    HttpMethod.POST,
                                    "/api/members/imports",
                                    "/api/practices/imports",
                                    "/api/insights/imports")
                            .hasRole(StaffRole.ADMIN.name());
                    for (RolePaths rule : apiRoles) {
                        requests.requestMatchers(
                                        HttpMethod.valueOf(rule.method()),
                                        rule.patterns().toArray(String[]::new))
                                .hasAnyRole(rule.roles().toArray(String[]::new));
                    }
                    requests.anyRequest().authenticated();
                })
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // Bearer tokens are never sent by a browser on its own, so cross-site forgery cannot use them.
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                // Nothing in the API signs out or needs an anonymous stand-in: without those filters each call (a
                // vote, above all) does less.
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .addFilterAt(new BearerTokenFilter(tokens, throttle, open(openApi)), BasicAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, e) ->
                                ProblemResponses.write(request, response, 401, "Unauthorized", BearerTokens.NONE_SENT))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(
                                request,
                                response,
                                403,
                                "Forbidden",
                                AuthorizeBeforeBody.refusal(apiRefusals, request))))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    /** The API paths anyone may call, where the endpoint itself decides what a caller without a token gets. */
    static RequestMatcher open(String[] openApi) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        List<RequestMatcher> anyone = new java.util.ArrayList<>(List.of(paths.matcher(HttpMethod.POST, "/api/tokens")));
        anyone.addAll(List.of(matchers(paths, openApi)));
        return new OrRequestMatcher(anyone);
    }

    /**
     * Who may use which page, with the paths modules keep to some roles; applied to a request with a body before
     * the body is read, and to every request.
     */
    static AuthorizationManager<HttpServletRequest> pageRules(String[] open, List<RolePaths> restricted) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcherDelegatingAuthorizationManager.Builder rules =
                RequestMatcherDelegatingAuthorizationManager.builder();
        for (RolePaths rule : restricted) {
            HttpMethod method = HttpMethod.valueOf(rule.method());
            rules.add(
                    new OrRequestMatcher(rule.patterns().stream()
                            .<RequestMatcher>map(pattern -> paths.matcher(method, pattern))
                            .toList()),
                    AuthorityAuthorizationManager.<RequestAuthorizationContext>hasAnyRole(
                            rule.roles().toArray(String[]::new)));
        }
        return rules.requestMatchers(matchers(paths, open))
                .permitAll()
                .requestMatchers(matchers(paths, "/sign-in", "/sign-in/failed", "/setup/**"))
                .permitAll()
                .requestMatchers(matchers(paths, MetricsTokenFilter.PATH))
                .hasAnyRole(StaffRole.ADMIN.name(), MetricsTokenFilter.SCRAPER)
                .requestMatchers(matchers(paths, "/actuator/**", "/admin/**"))
                .hasRole(StaffRole.ADMIN.name())
                .anyRequest()
                .authenticated()
                .build();
    }

    /** The refusals modules word themselves, for the paths they keep to some roles. */
    static List<AuthorizeBeforeBody.Refusal> refusals(List<RolePaths> restricted) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return restricted.stream()
                .filter(rule -> rule.refusal() != null)
                .map(rule -> new AuthorizeBeforeBody.Refusal(
                        new OrRequestMatcher(rule.patterns().stream()
                                .<RequestMatcher>map(
                                        pattern -> paths.matcher(HttpMethod.valueOf(rule.method()), pattern))
                                .toList()),
                        rule.refusal()))
                .toList();
    }

    /** The checks modules make of the practice or event a form's path names, one for each module's paths. */
    static List<AuthorizeBeforeBody.ScopeCheck> scopeChecks(List<ScopedPaths> scopedPaths) {
        return scopedPaths.stream()
                .map(paths -> AuthorizeBeforeBody.ScopeCheck.of(
                        paths.method(), paths.patterns(), paths.variable(), paths.check()))
                .toList();
    }

    private static RequestMatcher[] matchers(PathPatternRequestMatcher.Builder paths, String... patterns) {
        return java.util.Arrays.stream(patterns).map(paths::matcher).toArray(RequestMatcher[]::new);
    }

    @Bean
    @Order(2)
    SecurityFilterChain pages(
            HttpSecurity http,
            AuthenticationManager authenticationManager,
            StaffRepository staff,
            MetricsProperties metrics,
            SignInThrottle throttle,
            ObjectProvider<PublicPaths> publicPaths,
            ObjectProvider<RolePaths> rolePaths,
            ObjectProvider<ScopedPaths> scopedPaths,
            ObjectProvider<ExpiredFormPages> expiredFormPages,
            ObjectProvider<BeforeTheFormIsRead> beforeTheFormIsRead)
            throws Exception {
        String[] open = publicPaths
                .orderedStream()
                .map(PublicPaths::patterns)
                .flatMap(List::stream)
                .toArray(String[]::new);
        AuthorizationManager<HttpServletRequest> rules =
                pageRules(open, rolePaths.orderedStream().toList());
        http.authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests.anyRequest()
                        .access((caller, context) -> rules.authorize(caller, context.getRequest())))
                .addFilterBefore(
                        new AuthorizeBeforeBody(
                                rules,
                                refusals(rolePaths.orderedStream().toList()),
                                scopeChecks(scopedPaths.orderedStream().toList())),
                        CsrfFilter.class)
                .addFilterBefore(new SignedOutRefresh(rules), AuthorizeBeforeBody.class);
        // Added at the check of the caller's place, and so run after it: filters added at one place keep their order.
        beforeTheFormIsRead.orderedStream().forEach(check -> http.addFilterBefore(check.filter(), CsrfFilter.class));
        return http.addFilterAfter(new MetricsTokenFilter(metrics, throttle), SecurityContextHolderFilter.class)
                .formLogin(form -> form.loginPage("/sign-in")
                        .loginProcessingUrl("/sign-in")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .successHandler(new RoleHome())
                        .failureForwardUrl("/sign-in/failed"))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/sign-in?signedOut"))
                .addFilterAfter(new AccountStillEnabledFilter(staff), SecurityContextHolderFilter.class)
                // The CSRF check's refusals come here too: a form whose session ended is told so, not refused a role.
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(new ExpiredFormHandler(expiredFormPages
                        .orderedStream()
                        .map(ExpiredFormPages::patterns)
                        .flatMap(List::stream)
                        .toList())))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(frame -> frame.deny())
                        .addHeaderWriter(new StaticHeadersWriter(
                                "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")))
                .build();
    }
}
