package org.gpaction.membership.members;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.ListPage;
import org.gpaction.common.web.PageNumber;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.Member;
import org.gpaction.membership.RoleHeld;
import org.gpaction.membership.RuleSet;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** Members for administrators and scrutineers: search, a page per member with their eligibility, the audit log. */
@Controller
class MemberPagesController {

    private static final int PAGE_SIZE = 50;

    private final MemberRepository members;
    private final Eligibility eligibility;
    private final AuditLog audit;
    private final Practices practices;
    private final String auditKeptFor;
    private final Clock clock;

    MemberPagesController(
            MemberRepository members,
            Eligibility eligibility,
            AuditLog audit,
            Practices practices,
            MembershipProperties properties,
            Clock clock) {
        this.members = members;
        this.eligibility = eligibility;
        this.audit = audit;
        this.practices = practices;
        this.auditKeptFor = AuditLogRetention.keptFor(properties).periodInWords();
        this.clock = clock;
    }

    @GetMapping("/members")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    String search(
            @RequestParam(name = "q", defaultValue = "") String query,
            @RequestParam(name = "page", required = false) String pageAsked,
            Authentication staff,
            Model model) {
        // No name, number or address holds a control character, and PostgreSQL refuses a NUL in text.
        String typed = query.replaceAll("\\p{Cntrl}", "");
        String q = typed.length() > 100 ? typed.substring(0, 100) : typed;
        model.addAttribute("q", q);
        int asked = PageNumber.asked(pageAsked);
        int total = members.count();
        List<Member> found;
        int matching;
        ListPage page;
        if (asked == 1) {
            found = members.search(q, PAGE_SIZE, 0);
            // A search matching more than the page lists says how many, so the first page is not taken for all of them.
            matching = found.size() < PAGE_SIZE ? found.size() : q.isBlank() ? total : members.countMatching(q);
            page = ListPage.lastIfPast(asked, matching, PAGE_SIZE);
        } else {
            matching = q.isBlank() ? total : members.countMatching(q);
            // A page past the end (an old link, fewer matching since) would show none with no way back: the last
            // page is shown instead.
            page = ListPage.lastIfPast(asked, matching, PAGE_SIZE);
            found = members.search(q, PAGE_SIZE, Math.toIntExact(page.offset()));
        }
        model.addAttribute("members", found);
        model.addAttribute("matching", matching);
        model.addAttribute("page", page.number());
        model.addAttribute("pages", page.pages());
        model.addAttribute("firstShown", page.firstShown(found.size()));
        model.addAttribute("lastShown", page.lastShown(found.size()));
        model.addAttribute("practiceNames", practiceNames(found));
        model.addAttribute("total", total);
        String onPage = page.number() == 1 ? "" : " (page " + page.number() + ")";
        if (!q.isBlank()) {
            audit.record(staff.getName(), "SEARCH", null, "Searched the roll for '" + q + "'" + onPage);
        }
        // Every member shown is a view of their record, as a member asking who saw it would expect to be told.
        audit.recordEach(
                staff.getName(),
                "VIEW",
                found.stream().map(Member::membershipNumber).toList(),
                (q.isBlank() ? "Listed on the members page" : "Listed on the members page for '" + q + "'") + onPage);
        return "membership/members";
    }

    @GetMapping("/members/{membershipNumber}")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    String member(
            @PathVariable String membershipNumber,
            @RequestParam(name = "ruleSet", required = false) String electorate,
            @RequestParam(name = "day", required = false) String day,
            @RequestParam(name = "time", required = false) String time,
            Authentication staff,
            HttpServletResponse response,
            Model model) {
        Member member =
                members.find(membershipNumber).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        // The number as the roll holds it: the one typed in the address may differ in case.
        String number = member.membershipNumber();
        audit.record(staff.getName(), "VIEW", number, "Opened the member's page");
        model.addAttribute("member", member);
        model.addAttribute("practiceNames", practiceNames(List.of(member)));
        model.addAttribute("statuses", members.statuses(number));
        model.addAttribute("ruleSets", RuleSet.values());
        model.addAttribute("auditEntries", audit.recent(number, 20));
        model.addAttribute("auditKeptFor", auditKeptFor);
        if (electorate != null && !electorate.isBlank()) {
            try {
                RuleSet ruleSet = ruleSet(electorate);
                // Chosen also when the moment is refused: the check sent again after fixing it is the one asked for.
                model.addAttribute("checkedRuleSet", ruleSet);
                Instant at = ukInstant(day, time);
                model.addAttribute("checkedAt", UkTime.onOrAt(at));
                model.addAttribute(
                        "decision", eligibility.decide(number, ruleSet, at).orElseThrow());
                audit.record(staff.getName(), "ELIGIBILITY", number, "Checked " + ruleSet + " " + AuditLog.moment(at));
            } catch (UncheckableChoice e) {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                model.addAttribute("checkField", e.field());
                model.addAttribute("checkProblem", e.getMessage());
                model.addAttribute("hasErrors", true);
            }
        }
        model.addAttribute(
                "day",
                day == null ? LocalDate.ofInstant(clock.instant(), UkTime.ZONE).toString() : day);
        model.addAttribute("time", time == null ? "23:59" : time);
        return "membership/member";
    }

    @GetMapping("/admin/members/audit")
    String auditLog(Model model) {
        model.addAttribute("auditEntries", audit.recent(null, 200));
        model.addAttribute("auditKeptFor", auditKeptFor);
        return "membership/audit";
    }

    /** The electorate as the page's list offers it; any other value was not chosen from the list. */
    static RuleSet ruleSet(String chosen) {
        try {
            return RuleSet.valueOf(chosen.strip());
        } catch (IllegalArgumentException e) {
            throw new UncheckableChoice("ruleSet", "Choose the electorate from the list");
        }
    }

    /** The moment a day and time in UK time name, or the field to fix and how. */
    static Instant ukInstant(String day, String time) {
        LocalDate date;
        try {
            date = LocalDate.parse(day == null ? "" : day.strip());
        } catch (DateTimeParseException e) {
            throw new UncheckableChoice("day", "Enter the day as 2024-07-23 (year-month-day)");
        }
        // The years the roll's dates can hold, as the API takes its moments.
        if (date.getYear() < 1900 || date.getYear() > 2999) {
            throw new UncheckableChoice("day", "Enter a day between 1900 and 2999, like 2024-07-23");
        }
        LocalTime clock;
        try {
            clock = LocalTime.parse(time == null || time.isBlank() ? "23:59" : time.strip());
        } catch (DateTimeParseException e) {
            throw new UncheckableChoice("time", "Enter the time as 23:59 (24-hour clock, UK time)");
        }
        return LocalDateTime.of(date, clock).atZone(UkTime.ZONE).toInstant();
    }

    /** An electorate, day or time the eligibility check cannot take, naming the field it was chosen or typed in. */
    static final class UncheckableChoice extends RuntimeException {

        private final String field;

        UncheckableChoice(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /** The names of the practices these members hold roles at, to show beside the codes. */
    private Map<String, String> practiceNames(List<Member> shown) {
        List<String> codes = shown.stream()
                .flatMap(member -> member.roles().stream())
                .map(RoleHeld::practiceOds)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        return practices.findAll(codes).values().stream().collect(Collectors.toMap(Practice::odsCode, Practice::name));
    }
}
