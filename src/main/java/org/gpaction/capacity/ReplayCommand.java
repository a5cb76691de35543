package org.gpaction.capacity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.gpaction.capacity.evidence.DemandFile;
import org.gpaction.capacity.evidence.DemandReplay;
import org.gpaction.capacity.evidence.ReplaySetUps;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.CountWords;
import org.gpaction.common.imports.ImportRejected;

/**
 * {@code java -jar gp-action.jar replay [file] [--clinicians 3] [--cap 25] [--reserve 0] [--count-admin]
 * [--when-full CLOSE|STAY_OPEN_SIGNPOST]}: replays a demand file (the shipped C84667 year by default) and prints each
 * day and the totals. Starts neither the database nor the web server.
 */
public final class ReplayCommand {

    private ReplayCommand() {}

    /** Answers the process's exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int clinicians = 3;
        int cap = 25;
        int reserve = 0;
        boolean countAdmin = false;
        WhenFull whenFull = WhenFull.CLOSE;
        Path file = null;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--clinicians" ->
                        clinicians = number(
                                "--clinicians",
                                valueOf(args, ++i, "--clinicians"),
                                ReplaySetUps.FEWEST_CLINICIANS,
                                ReplaySetUps.MOST_CLINICIANS);
                    case "--cap" -> cap = number("--cap", valueOf(args, ++i, "--cap"), 0, ReplaySetUps.MOST_CAP);
                    case "--reserve" ->
                        reserve = number("--reserve", valueOf(args, ++i, "--reserve"), 0, ReplaySetUps.MOST_RESERVE);
                    case "--count-admin" -> countAdmin = true;
                    case "--when-full" -> whenFull = whenFull(valueOf(args, ++i, "--when-full"));
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException(
                                    "unknown option " + args[i]
                                            + ": the options are --clinicians, --cap, --reserve, --count-admin and --when-full");
                        }
                        file = Path.of(args[i]);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            err.println("usage: replay [file.csv] [--clinicians 3] [--cap 25] [--reserve 0] [--count-admin] "
                    + "[--when-full CLOSE|STAY_OPEN_SIGNPOST]");
            return 2;
        }
        try {
            java.io.InputStream content =
                    file == null ? new java.io.ByteArrayInputStream(ReplaySetUps.sample()) : Files.newInputStream(file);
            String name =
                    file == null ? ReplaySetUps.SAMPLE_NAME : file.getFileName().toString();
            DemandReplay.SetUp setUp = new DemandReplay.SetUp(
                    clinicians,
                    cap,
                    countAdmin,
                    reserve,
                    whenFull,
                    new PracticeCalendar(ReplaySetUps.contractCoreHours(), ReplaySetUps.shippedBankHolidays()));
            DemandReplay.Result result;
            try (content) {
                result = DemandReplay.replay(DemandFile.read(name, content, ReplaySetUps.MOST_BYTES), setUp);
            }
            out.println("day,requests,booked,diverted,waitlisted,from_waiting_list,front_door_closed_minutes");
            for (DemandReplay.DayResult day : result.days()) {
                out.println(day.day() + "," + day.requests() + "," + day.booked() + "," + day.diverted() + ","
                        + day.waitlisted() + "," + day.fromWaitingList() + "," + day.frontDoorClosedMinutes());
            }
            out.printf(
                    Locale.UK,
                    "%s: %s over %s with %s at %d a day (%s): %d booked, "
                            + "%d signposted, %d waitlisted; %d not met in core hours; front door closed %s in"
                            + " core hours%n",
                    name,
                    CountWords.of(result.requests(), "request", "requests"),
                    CountWords.of(result.days().size(), "day", "days"),
                    CountWords.of(clinicians, "clinician", "clinicians"),
                    cap,
                    whenFull,
                    result.booked(),
                    result.diverted(),
                    result.waitlisted(),
                    result.unmet(),
                    CountWords.of(result.frontDoorClosedMinutes(), "minute", "minutes"));
            return 0;
        } catch (ImportRejected e) {
            err.println("replay: " + e.file() + " was refused:");
            e.problems().forEach(p -> err.println("  line " + p.line() + ", " + p.field() + ": " + p.message()));
            return 1;
        } catch (IOException e) {
            err.println("replay: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }

    /** What the option at {@code i} was given; refused, naming the option and what it takes, when nothing follows. */
    private static String valueOf(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value: " + takes(option));
        }
        return args[i];
    }

    private static int number(String option, String value, int least, int most) {
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= least && parsed <= most) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException(option + " was given " + value + ": " + takes(option));
    }

    private static WhenFull whenFull(String value) {
        try {
            return WhenFull.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--when-full was given " + value + ": " + takes("--when-full"));
        }
    }

    /** What each option takes: the replay page's limits. */
    private static String takes(String option) {
        return switch (option) {
            case "--clinicians" ->
                "a whole number from " + ReplaySetUps.FEWEST_CLINICIANS + " to " + ReplaySetUps.MOST_CLINICIANS;
            case "--cap" -> "a whole number from 0 to " + ReplaySetUps.MOST_CAP;
            case "--reserve" -> "a whole number from 0 to " + ReplaySetUps.MOST_RESERVE;
            default -> "CLOSE or STAY_OPEN_SIGNPOST";
        };
    }
}
