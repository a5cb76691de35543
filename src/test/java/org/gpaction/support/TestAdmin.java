package org.gpaction.support;

public final class TestAdmin {

    public static final String EMAIL = "first.admin@gpaction.test";
    public static final String PASSWORD = "kettle orbit lantern meadow";

    /** The token a Prometheus server sends to read the metrics (GPACTION_METRICS_TOKEN). */
    public static final String METRICS_TOKEN = "3f9c1d7e2b8a4f6c0e5d9b1a7c3e8f2d4b6a0c9e1f7d3b5a";

    private TestAdmin() {}
}
