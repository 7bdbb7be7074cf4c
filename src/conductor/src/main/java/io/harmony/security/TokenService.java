package io.harmony.security;

import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.harmony.kafka.ViewsReady;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import jakarta.inject.Singleton;

/**
 * Component tokens: issued to harmony.tokens (durable, in every replica's view), listed, revoked by a tombstone; and
 * the check behind every request when auth is on. The secret leaves the conductor once, in the 201 of its issue.
 */
@Singleton
public class TokenService {
    @Inject KafkaClients kafka;
    @Inject TokensView view;
    @Inject AdminToken admin;
    @Inject ViewsReady ready;

    /** Blocking: answers once the token is on Kafka and (bounded) usable on this replica. */
    public IssuedToken issue(TokenRequest request) {
        String secret = TokenSecrets.newSecret();
        TokenRecord token = new TokenRecord(TokenSecrets.newId(), request.component(), request.description(),
                TokenSecrets.hex(TokenSecrets.sha256(secret)), Instant.now());
        CompletableFuture<Void> visible = view.await(token.tokenId(), Objects::nonNull);
        kafka.awaitAck(kafka.send(Topics.TOKENS, token.tokenId(), Json.bytes(token)));
        kafka.awaitView(visible);
        return new IssuedToken(token.tokenId(), token.component(), secret);
    }

    public TokenList list() {
        return new TokenList(view.all().stream()
                .sorted(Comparator.comparing(TokenRecord::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(TokenRecord::tokenId))
                .map(TokenInfo::of).toList());
    }

    /** Blocking: answers once the tombstone is on Kafka and (bounded) this replica refuses the token. */
    public void revoke(String tokenId) {
        if (view.byId(tokenId) == null) {
            throw new UnknownTokenException();
        }
        CompletableFuture<Void> gone = view.await(tokenId, Objects::isNull);
        kafka.awaitAck(kafka.send(Topics.TOKENS, tokenId, null));
        kafka.awaitView(gone);
    }

    /**
     * Who holds {@code presented}: the admin, a component token's holder, or 401. One SHA-256 and one map lookup; the
     * bytes are then compared in constant time. Never logs or repeats what was presented.
     */
    void authenticate(String presented, Caller caller) {
        if (presented.isEmpty() || presented.length() > TokenSecrets.MAX_LENGTH) {
            throw new UnauthorizedException("the bearer token is unknown or revoked");
        }
        byte[] digest = TokenSecrets.sha256(presented);
        if (admin.matches(digest)) {
            caller.authenticated(AdminToken.ID, true, null);
            return;
        }
        TokensView.Live live = view.find(digest);
        if (live != null && MessageDigest.isEqual(digest, live.hash())) {
            caller.authenticated(live.record().tokenId(), false, live.record().component());
            return;
        }
        ready.requireLoaded("the token store is"); // a token issued before this start may not be replayed yet
        throw new UnauthorizedException("the bearer token is unknown or revoked");
    }
}
