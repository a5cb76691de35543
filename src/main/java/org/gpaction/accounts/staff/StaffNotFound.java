package org.gpaction.accounts.staff;

public class StaffNotFound extends RuntimeException {

    public StaffNotFound(long id) {
        super("There is no staff account " + id);
    }
}
