package io.harmony.security;

import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.harmony.kafka.ViewsReady;
import io.harmony.json.Json;
import io.harmony.kafka.KafkaClients;
import io.harmony.kafka.KafkaNames.Topics;
import jakarta.inject.Singleton;

/**
 * Access control between components (the seed's /access-control): rules on the compacted harmony.access-control, one
 * per sender (a POST for the same {@code from} replaces it), enforced by every replica from its view on queue sends
 * (write) and requests (read). It restricts {@code from} as the request names it, so it holds with auth off too;
 * with auth on, {@code from} is the token's component (see {@link Caller#requireComponent}).
 */
@Singleton
public class AccessControl {
    @Inject KafkaClients kafka;
    @Inject AccessRulesView view;
    @Inject ViewsReady ready;

    /** Blocking: answers once the rule is on Kafka and (bounded) enforced by this replica. */
    public AccessRule configure(AccessRule request) {
        AccessRule rule = request.normalized();
        CompletableFuture<Void> visible = view.await(rule.from(), rule::equals);
        kafka.awaitAck(kafka.send(Topics.ACCESS_CONTROL, rule.from(), Json.bytes(rule)));
        kafka.awaitView(visible);
        return rule;
    }

    public AccessRuleList list() {
        return new AccessRuleList(view.all().stream().sorted(Comparator.comparing(AccessRule::from)).toList());
    }

    /** Blocking: removes the rule of {@code from}, which is unrestricted again once this answers. */
    public void remove(String from) {
        if (view.rule(from) == null) {
            throw new UnknownAccessRuleException(from);
        }
        CompletableFuture<Void> gone = view.await(from, Objects::isNull);
        kafka.awaitAck(kafka.send(Topics.ACCESS_CONTROL, from, null));
        kafka.awaitView(gone);
    }

    /** A queue send from {@code from} to {@code to}: 403 when a rule names {@code from} and none lets it write there. */
    public void requireWrite(String from, String to, String field) {
        AccessRule rule = ruleOf(from);
        if (rule != null && !rule.allows(AccessRule.WRITE, to)) {
            throw new ForbiddenException(field, "no access-control rule lets " + from + " write to " + to
                    + " (a queue send needs write; " + allowed(rule) + ")");
        }
    }

    /** A request from {@code from} to {@code to}: 403 when a rule names {@code from} and none lets it read there. */
    public void requireRead(String from, String to, String field) {
        AccessRule rule = ruleOf(from);
        if (rule != null && !rule.allows(AccessRule.READ, to)) {
            throw new ForbiddenException(field, "no access-control rule lets " + from + " read from " + to
                    + " (a request needs read or write; " + allowed(rule) + ")");
        }
    }

    private AccessRule ruleOf(String from) {
        AccessRule rule = view.rule(from);
        if (rule == null) {
            ready.requireLoaded("access-control rules are"); // an empty view at start-up must not let everything pass
        }
        return rule;
    }

    private static String allowed(AccessRule rule) {
        return rule.from() + " may " + (rule.allowedOperations().isEmpty() ? "nothing" : String.join(" and ", rule.allowedOperations())
                + " to " + String.join(", ", rule.to()));
    }
}
