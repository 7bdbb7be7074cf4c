package io.harmony.messaging;

import io.harmony.errors.InvalidInputException;

/** Query parameters parsed by hand, so a bad one is a 400 naming it rather than JAX-RS's default 404. */
final class QueryParams {
    private QueryParams() {
    }

    static String component(String value, String field) {
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new InvalidInputException(field, field + " is required: 1-128 letters, digits, '.', '_' or '-'");
        }
        return value;
    }

    /** An integer in [min, ∞), clamped to max; absent gives the default. */
    static int clampedInt(String value, String field, int min, int max, int byDefault) {
        if (value == null) {
            return byDefault;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < min) {
                throw new InvalidInputException(field, field + " must be at least " + min);
            }
            return (int) Math.min(n, max);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + " must be an integer");
        }
    }
}
