package org.dl4jsaliency.methods;

/** Argument checks shared by the method builders, with messages that name the parameter. */
final class Checks {
    private Checks() {
    }

    /** Returns {@code value} if it is at least 1. */
    static int atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
        return value;
    }
}
