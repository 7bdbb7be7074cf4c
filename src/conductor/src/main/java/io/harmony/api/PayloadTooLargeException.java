package io.harmony.api;

import io.harmony.errors.HarmonyException;

/** A body over harmony.http.max-body: 413. */
public class PayloadTooLargeException extends HarmonyException {
    public PayloadTooLargeException(long limit) {
        super(413, null, "request body is larger than " + limit + " bytes");
    }
}
