package org.gpaction.accounts.staff;

class StaffNotFound extends RuntimeException {

    StaffNotFound(long id) {
        super("There is no staff account " + id);
    }
}
