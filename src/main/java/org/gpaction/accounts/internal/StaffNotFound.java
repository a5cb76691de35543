package org.gpaction.accounts.internal;

public class StaffNotFound extends RuntimeException {

    public StaffNotFound(long id) {
        super("There is no staff account " + id);
    }
}
