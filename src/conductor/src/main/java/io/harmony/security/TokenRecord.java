package io.harmony.security;

import java.time.Instant;

/**
 * A component token as stored: the value on the compacted harmony.tokens (key token_id; a tombstone revokes it).
 * Only the SHA-256 of the secret is kept (hex): a secret is 256 random bits, so a plain hash cannot be searched back.
 */
public record TokenRecord(String tokenId, String component, String description, String hash, Instant createdAt) {
}
