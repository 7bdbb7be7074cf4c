package io.harmony.security;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import jakarta.inject.Singleton;

/**
 * This replica's copy of harmony.tokens, kept by the global store's updater, indexed by the hash of the secret: a
 * bearer check is one SHA-256 and one map lookup, no Redis, no store iterator, no other replica. A tombstone
 * (revocation) removes the hash before anyone waiting for it hears of it.
 */
@Singleton
public class TokensView {
    private static final Logger LOG = Logger.getLogger(TokensView.class);

    /** A live token with its hash decoded once, so a check compares bytes. */
    record Live(TokenRecord record, byte[] hash) {
    }

    private final KeyedView<TokenRecord> byId = new KeyedView<>();
    private final Map<ByteBuffer, Live> byHash = new ConcurrentHashMap<>();

    /** The live token whose secret hashes to {@code digest}, or null. */
    Live find(byte[] digest) {
        return byHash.get(ByteBuffer.wrap(digest));
    }

    TokenRecord byId(String tokenId) {
        return byId.get(tokenId);
    }

    List<TokenRecord> all() {
        return List.copyOf(byId.all());
    }

    CompletableFuture<Void> await(String tokenId, Predicate<TokenRecord> condition) {
        return byId.await(tokenId, condition);
    }

    /** Called by the global store's updater for each record it applies (null = revoked). */
    public void applied(String tokenId, TokenRecord value) {
        if (tokenId == null) {
            return;
        }
        byte[] hash = value == null ? null : TokenSecrets.parseHash(value.hash());
        if (value != null && (hash == null || value.component() == null)) {
            LOG.warnf("token %s on harmony.tokens has no component or no valid hash; treated as revoked", tokenId);
            value = null;
        }
        TokenRecord previous = byId.get(tokenId);
        if (previous != null) {
            byte[] old = TokenSecrets.parseHash(previous.hash());
            if (old != null) {
                byHash.remove(ByteBuffer.wrap(old));
            }
        }
        if (value != null) {
            byHash.put(ByteBuffer.wrap(hash), new Live(value, hash));
        }
        byId.applied(tokenId, value); // last: a writer waiting for this record finds the hash index already updated
    }
}
