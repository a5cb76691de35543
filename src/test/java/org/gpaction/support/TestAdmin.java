package org.gpaction.support;

public final class TestAdmin {

    public static final String EMAIL = "first.admin@gpaction.test";
    public static final String PASSWORD = "kettle orbit lantern meadow";

    private TestAdmin() {}
}
