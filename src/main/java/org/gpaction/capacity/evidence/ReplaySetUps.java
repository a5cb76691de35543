package org.gpaction.capacity.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.capacity.setup.Hours;

/** What a replay needs besides its set-up: the shipped demand file, the contract's core hours, the bank holidays. */
public final class ReplaySetUps {

    static final String SAMPLE = "capacity/online-requests-C84667.csv";
    public static final String SAMPLE_NAME = "online-requests-C84667.csv";
    public static final long MOST_BYTES = 20L * 1024 * 1024;

    /** The set-ups replayed, on the page and by the {@code replay} command alike: clinicians, cap and reserve. */
    public static final int FEWEST_CLINICIANS = 1;

    public static final int MOST_CLINICIANS = 50;
    public static final int MOST_CAP = 25;
    public static final int MOST_RESERVE = 500;
    /**
     * The bank holidays GP Action ships are the rows its migrations insert; the command reads them from there, so
     * there is one list, and the application reads the (editable) table the migrations filled.
     */
    private static final List<String> SHIPPED_HOLIDAYS =
            List.of("db/migration/capacity/V1__capacity.sql", "db/migration/capacity/V2__earlier_bank_holidays.sql");

    private static final Pattern HOLIDAY = Pattern.compile("\\('(\\d{4}-\\d{2}-\\d{2})', '");

    private ReplaySetUps() {}

    /** 08:00 to 18:30 on weekdays: the hours the GP contract keeps the online tool open. */
    public static Map<DayOfWeek, Hours> contractCoreHours() {
        Map<DayOfWeek, Hours> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DemandReplay.weekdays()) {
            hours.put(day, new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30)));
        }
        return hours;
    }

    public static byte[] sample() {
        return resource(SAMPLE);
    }

    public static Set<LocalDate> shippedBankHolidays() {
        Set<LocalDate> days = new HashSet<>();
        for (String migration : SHIPPED_HOLIDAYS) {
            Matcher matcher = HOLIDAY.matcher(new String(resource(migration), StandardCharsets.UTF_8));
            while (matcher.find()) {
                days.add(LocalDate.parse(matcher.group(1)));
            }
        }
        return days;
    }

    private static byte[] resource(String path) {
        try (InputStream in = ReplaySetUps.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
