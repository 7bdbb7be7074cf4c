package io.harmony.security;

import io.harmony.errors.HarmonyException;

/**
 * DELETE /tokens/{token_id} of a token that was never issued or is already revoked: 404. The id is not repeated,
 * in case someone pasted a secret where the id belongs.
 */
public class UnknownTokenException extends HarmonyException {
    public UnknownTokenException() {
        super(404, "token_id", "no such token: unknown or already revoked (GET /tokens lists the live ones)");
    }
}
