package io.harmony.security;

/** The 201 of POST /tokens: the only answer that ever carries the secret. */
public record IssuedToken(String tokenId, String component, String token) {
}
