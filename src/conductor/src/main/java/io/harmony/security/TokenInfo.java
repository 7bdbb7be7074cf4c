package io.harmony.security;

import java.time.Instant;

/** One token in GET /tokens: who it is for, never its secret or hash. */
public record TokenInfo(String tokenId, String component, String description, Instant createdAt) {
    static TokenInfo of(TokenRecord r) {
        return new TokenInfo(r.tokenId(), r.component(), r.description(), r.createdAt());
    }
}
