package io.harmony.liveness;

import com.fasterxml.jackson.annotation.JsonValue;

/** The liveness states of CONTRACT.md's status machine. */
public enum Status {
    HEALTHY, DEGRADED, OFFLINE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The state for a {@code ?status=} filter; anything else is a 400. */
    public static Status parse(String value, String field) {
        for (Status s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new io.harmony.errors.InvalidInputException(field, "status must be one of healthy, degraded, offline");
    }
}
