package org.gpaction.membership;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gpaction.membership.eligibility.EligibilityRules;
import org.gpaction.membership.members.MemberRepository;
import org.gpaction.membership.members.MemberRepository.Standing;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who may vote under a rule set at an instant, and why not. A role the member declared themselves after the instant
 * does not count at it ({@link EligibilityRules}); the rest of the record is judged as it is now. The members, their
 * roles and their statuses are read by one statement, so a change committing meanwhile is judged whole or not at all
 * ({@link MemberRepository.Standing}), whatever the caller's transaction.
 */
@Service
public class Eligibility {

    private final MemberRepository members;
    private final Practices practices;

    Eligibility(MemberRepository members, Practices practices) {
        this.members = members;
        this.practices = practices;
    }

    /** The decision for one member, the number typed in any case, or empty if there is no such member. */
    @Transactional(readOnly = true)
    public Optional<EligibilityDecision> decide(String membershipNumber, RuleSet ruleSet, Instant at) {
        return members.standing(membershipNumber)
                .map(standing -> EligibilityRules.decide(
                        ruleSet,
                        standing.member(),
                        standing.statuses(),
                        practices.findAll(practiceCodes(List.of(standing))),
                        at));
    }

    /**
     * The decisions for these members, in a few queries whatever their number, by membership number as stored; a
     * number with no member has none.
     */
    @Transactional(readOnly = true)
    public Map<String, EligibilityDecision> decideEach(
            Collection<String> membershipNumbers, RuleSet ruleSet, Instant at) {
        Map<String, Standing> found = members.standings(membershipNumbers);
        Map<String, Practice> directory = practices.findAll(practiceCodes(found.values()));
        Map<String, EligibilityDecision> decisions = new HashMap<>();
        for (Standing standing : found.values()) {
            decisions.put(
                    standing.member().membershipNumber(),
                    EligibilityRules.decide(ruleSet, standing.member(), standing.statuses(), directory, at));
        }
        return decisions;
    }

    /** A decision for every member on the roll, in membership number order. */
    @Transactional(readOnly = true)
    public List<EligibilityDecision> decideAll(RuleSet ruleSet, Instant at) {
        Map<String, Practice> directory = new HashMap<>();
        for (Practice practice : practices.all()) {
            directory.put(practice.odsCode(), practice);
        }
        List<EligibilityDecision> decisions = new ArrayList<>();
        for (Standing standing : members.allStandings()) {
            decisions.add(EligibilityRules.decide(ruleSet, standing.member(), standing.statuses(), directory, at));
        }
        return decisions;
    }

    private static Set<String> practiceCodes(Collection<Standing> standings) {
        Set<String> codes = new HashSet<>();
        standings.forEach(standing -> standing.member().roles().stream()
                .map(RoleHeld::practiceOds)
                .filter(code -> code != null)
                .forEach(codes::add));
        return codes;
    }
}
