package org.gpaction.ballots.certification;

import java.time.Clock;
import java.time.Instant;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.Certificate;
import org.gpaction.ballots.ballot.Certificates;
import org.gpaction.common.TypedText;
import org.gpaction.common.UkTime;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The independent scrutineer certifies a closed ballot's report, once, with any qualification to its statements.
 * Until then the report says it is not certified and the result cannot be published. Who may certify is decided by
 * the callers (scrutineers only); this decides when.
 */
@Service
class Certification {

    static final int MAX_QUALIFICATIONS = 5_000;

    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final Certificates certificates;
    private final Clock clock;

    Certification(BallotRepository ballots, BallotLogEntries logEntries, Certificates certificates, Clock clock) {
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.certificates = certificates;
        this.clock = clock;
    }

    @Transactional
    Certificate certify(long ballotId, String qualifications, String scrutineer) {
        String qualified = qualifications == null ? "" : qualifications.strip();
        if (qualified.length() > MAX_QUALIFICATIONS) {
            throw new InvalidCertification("Qualifications must be " + MAX_QUALIFICATIONS + " characters or fewer");
        }
        if (TypedText.hasControlCharactersBesideLineBreaks(qualified)) {
            throw new InvalidCertification("Qualifications must not contain control characters");
        }
        Ballot ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.CLOSED && ballot.status() != BallotStatus.PUBLISHED) {
            throw new NotCertifiable(
                    "The report can be certified once voting closes; this ballot is " + ballot.status());
        }
        if (!ballots.decrypted(ballotId)) {
            throw new NotCertifiable("The report can be certified once the trustees have decrypted the totals: every"
                    + " trustee's decryption share is needed first");
        }
        Instant now = clock.instant();
        if (!certificates.certify(ballotId, scrutineer, qualified, now)) {
            throw NotCertifiable.already(certificates.of(ballotId).orElseThrow());
        }
        logEntries.add(
                ballotId,
                scrutineer,
                "CERTIFIED",
                "Report certified by " + scrutineer
                        + (qualified.isEmpty() ? ", without qualification" : ", with qualifications: " + qualified),
                now);
        return certificates.of(ballotId).orElseThrow();
    }

    /** The ballot is not closed yet, or already certified. */
    static class NotCertifiable extends RuntimeException {
        NotCertifiable(String message) {
            super(message);
        }

        /** Certified already: by whom and when, for whoever would certify it again. */
        static NotCertifiable already(Certificate certificate) {
            return new NotCertifiable("The report is already certified, by " + certificate.certifiedBy() + " "
                    + UkTime.onOrAt(certificate.certifiedAt()) + " (UK time)");
        }
    }

    static class InvalidCertification extends RuntimeException {
        InvalidCertification(String message) {
            super(message);
        }
    }
}
