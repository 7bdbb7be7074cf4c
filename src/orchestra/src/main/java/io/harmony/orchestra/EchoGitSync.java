package io.harmony.orchestra;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmony.client.Command;
import io.harmony.client.HarmonyClient;
import io.harmony.client.Message;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.System.Logger.Level.INFO;

/** echo-git-sync: records the repository syncs asked of it (queue or command) and reports their status. */
public final class EchoGitSync extends Component {
    private static final System.Logger LOG = System.getLogger(EchoGitSync.class.getName());

    /** The outcome of one sync; no real git runs, the checksum stands in for integrity verification. */
    record SyncOutcome(String repository, String status, boolean force, Instant syncedAt, String requestedBy,
                       String messageId, String checksum) {}

    /** GET /sync-status and the get-sync-status reply. */
    record SyncStatus(String componentId, long syncsTotal, SyncOutcome lastSync, Map<String, SyncOutcome> repositories) {}

    private final Object lock = new Object();
    private final Map<String, SyncOutcome> repositories = new TreeMap<>();   // guarded by lock, latest per repository
    private SyncOutcome lastSync;                                          // guarded by lock
    private long syncsTotal;                                               // guarded by lock

    EchoGitSync(Orchestra.Settings settings) {
        super("echo-git-sync", settings, "multi-provider-sync", "integrity-verification", "status-reporting");
        route("GET", "/sync-status", call -> Reply.ok(status()));
    }

    @Override
    protected void wire(HarmonyClient.Builder client) {
        client.onMessage(countedMessage(this::receive));
        client.onRequest("get-sync-status", countedRequest(request -> JSON.valueToTree(status())));
        client.onCommand("sync-now", countedCommand(this::syncNow));
    }

    @Override
    protected Map<String, Number> ownMetrics() {
        synchronized (lock) {
            return Map.of("syncs_total", syncsTotal);
        }
    }

    SyncStatus status() {
        synchronized (lock) {
            return new SyncStatus(componentId(), syncsTotal, lastSync, new TreeMap<>(repositories));
        }
    }

    private void receive(Message message) {
        if (message.messageType().equals("sync-request")) {
            JsonNode payload = message.payload();
            sync(text(payload, "repository", true), flag(payload, "force"), message.from(), message.messageId());
        } else {
            LOG.log(INFO, "echo-git-sync: ignored message " + message.messageType() + " from " + message.from());
        }
    }

    private String syncNow(Command command) {
        String repository = text(command.args(), "repository", true);
        sync(repository, flag(command.args(), "force"), "conductor", null);   // a command has no message id
        return "synced " + repository;
    }

    SyncOutcome sync(String repository, boolean force, String requestedBy, String messageId) {
        Instant now = Instant.now();
        var outcome = new SyncOutcome(repository, "synced", force, now, requestedBy, messageId, checksum(repository, now));
        synchronized (lock) {
            repositories.put(repository, outcome);
            lastSync = outcome;
            syncsTotal++;
        }
        LOG.log(INFO, "echo-git-sync: synced " + repository + " for " + requestedBy);
        return outcome;
    }

    /** SHA-256 hex of repository + synced_at (as its ISO-8601 text). */
    static String checksum(String repository, Instant syncedAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((repository + syncedAt).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
