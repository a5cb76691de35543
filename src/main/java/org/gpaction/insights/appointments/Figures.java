package org.gpaction.insights.appointments;

/**
 * The counts kept for a month and an area or practice, added up row by row as the file is read: the total, by status,
 * by who saw the patient, by mode and by time from booking (same day, over two weeks, unknown); and the rows they came
 * from.
 */
final class Figures {

    static final int APPOINTMENTS = 0;
    static final int ATTENDED = 1;
    static final int DNA = 2;
    static final int STATUS_UNKNOWN = 3;
    static final int GP = 4;
    static final int OTHER_STAFF = 5;
    static final int HCP_UNKNOWN = 6;
    static final int FACE_TO_FACE = 7;
    static final int TELEPHONE = 8;
    static final int HOME_VISIT = 9;
    static final int VIDEO_ONLINE = 10;
    static final int MODE_UNKNOWN = 11;
    static final int SAME_DAY = 12;
    static final int OVER_TWO_WEEKS = 13;
    static final int WAIT_UNKNOWN = 14;
    static final int COUNTS = 15;

    private final long[] counts = new long[COUNTS];
    private int rows;

    /** Adds one row: its categories are the numbers {@link Category} gives them. */
    void add(int status, int hcpType, int mode, int wait, long appointments) {
        rows++;
        counts[APPOINTMENTS] += appointments;
        counts[ATTENDED + status] += appointments;
        counts[GP + hcpType] += appointments;
        counts[FACE_TO_FACE + mode] += appointments;
        if (wait == Category.SAME_DAY) {
            counts[SAME_DAY] += appointments;
        } else if (wait >= Category.FIFTEEN_TO_21_DAYS && wait <= Category.MORE_THAN_28_DAYS) {
            counts[OVER_TWO_WEEKS] += appointments;
        } else if (wait == Category.WAIT.size() - 1) {
            counts[WAIT_UNKNOWN] += appointments;
        }
    }

    long get(int count) {
        return counts[count];
    }

    int rows() {
        return rows;
    }
}
