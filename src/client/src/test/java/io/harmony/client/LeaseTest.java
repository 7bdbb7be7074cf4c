package io.harmony.client;

import com.sun.net.httpserver.HttpExchange;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.harmony.client.StubConductor.respond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeaseTest {
    private static final String REGISTERED =
            "{\"status\":\"registered\",\"component_id\":\"billing-001\",\"heartbeat_interval\":0.1}";
    private static final String ACK = "{\"status\":\"acknowledged\",\"commands\":[]}";

    @AfterEach
    void closeLeavesNoThreads() {
        StubConductor.assertNoClientThreads();
    }

    /** Lease paths as scripted; anything else (the request loop's long-poll) is told to come back later. */
    private static boolean otherPath(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/register") || path.equals("/heartbeat")) {
            return false;
        }
        respond(exchange, 503, "{\"error\":\"not in this test\"}");
        return true;
    }

    @Test
    void registeringAgainstAnUnavailableConductorBacksOff() throws Exception {
        AtomicInteger registers = new AtomicInteger();
        CountDownLatch sixteenAttempts = new CountDownLatch(16);
        try (var conductor = new StubConductor(exchange -> {
                if (exchange.getRequestURI().getPath().equals("/register")) {
                    registers.incrementAndGet();
                    sixteenAttempts.countDown();
                }
                respond(exchange, 503, "{\"error\":\"starting\"}");
            });
             var client = conductor.client("billing").backoff(Duration.ofMillis(200), Duration.ofSeconds(1)).build()) {
            client.start();

            assertFalse(sixteenAttempts.await(3, TimeUnit.SECONDS), "more than 15 register attempts in 3 s");
            assertTrue(registers.get() > 1, "register was retried, attempts: " + registers.get());
            assertNull(client.componentId());
            assertFalse(client.awaitRegistered(Duration.ZERO));
        }
    }

    @Test
    void aBeatAnswered404RegistersAgainAtOnce() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        List<String> registeredIds = new CopyOnWriteArrayList<>();
        CountDownLatch registeredTwice = new CountDownLatch(2);
        AtomicInteger beats = new AtomicInteger();
        try (var conductor = new StubConductor(exchange -> {
                if (otherPath(exchange)) {
                    return;
                }
                String path = exchange.getRequestURI().getPath();
                calls.add(path);
                if (path.equals("/register")) {
                    respond(exchange, 201, REGISTERED);
                } else {
                    respond(exchange, beats.incrementAndGet() == 2 ? 404 : 200, beats.get() == 2 ? "{\"error\":\"register again\"}" : ACK);
                }
            });
             var client = conductor.client("billing").leaseListener(new LeaseListener() {
                 @Override
                 public void registered(String componentId) {
                     registeredIds.add(componentId);
                     registeredTwice.countDown();
                 }
             }).build()) {
            client.start();

            assertTrue(registeredTwice.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("/register", "/heartbeat", "/heartbeat", "/register"), calls.subList(0, 4));
            assertEquals(List.of("billing-001", "billing-001"), registeredIds);
            assertEquals(Duration.ofMillis(100), client.heartbeatInterval());
        }
    }

    @Test
    void commandsRunOnceAndTheirResultsRideTheNextBeats() throws Exception {
        // The stub hands out both commands on every ack, as a conductor whose result reports got lost would.
        String ackWithCommands = "{\"status\":\"acknowledged\",\"commands\":["
                + "{\"command_id\":\"c1\",\"command\":\"flush\",\"args\":{\"cache\":\"all\"},\"issued_at\":\"2025-12-17T19:45:05Z\"},"
                + "{\"command_id\":\"c2\",\"command\":\"reboot\",\"args\":{}}]}";
        AtomicBoolean resultsReported = new AtomicBoolean();
        CountDownLatch beatAfterResults = new CountDownLatch(3);
        AtomicInteger flushes = new AtomicInteger();
        try (var conductor = new StubConductor(exchange -> {
                if (otherPath(exchange)) {
                    return;
                }
                String body = StubConductor.body(exchange);
                if (exchange.getRequestURI().getPath().equals("/register")) {
                    respond(exchange, 201, REGISTERED);
                    return;
                }
                if (resultsReported.get()) {
                    beatAfterResults.countDown();   // the client has handled the ack of the beat that carried them
                }
                if (body.contains("\"command_results\"") && body.contains("\"c1\"") && body.contains("\"c2\"")) {
                    resultsReported.set(true);
                }
                respond(exchange, 200, ackWithCommands);
            });
             var client = conductor.client("billing").onCommand("flush", command -> {
                 flushes.incrementAndGet();
                 return "flushed " + command.args().path("cache").asText();
             }).build()) {
            client.start();

            assertTrue(beatAfterResults.await(5, TimeUnit.SECONDS));
            assertEquals(1, flushes.get(), "a command handed out again is not run again");
            assertEquals(List.of(new CommandResult("c1", "done", "flushed all"), new CommandResult("c2", "failed", "no handler")),
                    client.reportedResults().stream().sorted(Comparator.comparing(CommandResult::commandId)).toList());
        }
    }

    @Test
    void aLeaseWithoutAcksGoesAtRiskOnceAndComesBackOnce() throws Exception {
        AtomicBoolean acking = new AtomicBoolean(false);
        AtomicInteger atRiskCalls = new AtomicInteger();
        AtomicInteger backCalls = new AtomicInteger();
        CountDownLatch atRisk = new CountDownLatch(1);
        CountDownLatch back = new CountDownLatch(1);
        CountDownLatch acksAfterBack = new CountDownLatch(5);
        try (var conductor = new StubConductor(exchange -> {
                if (otherPath(exchange)) {
                    return;
                }
                if (exchange.getRequestURI().getPath().equals("/register")) {
                    respond(exchange, 201, REGISTERED);
                } else if (acking.get()) {
                    if (back.getCount() == 0) {
                        acksAfterBack.countDown();
                    }
                    respond(exchange, 200, ACK);
                } else {
                    respond(exchange, 503, "{\"error\":\"kafka unavailable\"}");
                }
            });
             var client = conductor.client("billing").backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                     .leaseListener(new LeaseListener() {
                         @Override
                         public void leaseAtRisk(Duration sinceLastAck) {
                             atRiskCalls.incrementAndGet();
                             atRisk.countDown();
                         }

                         @Override
                         public void leaseBack(Duration outage) {
                             backCalls.incrementAndGet();
                             back.countDown();
                         }
                     }).build()) {
            client.start();

            assertTrue(atRisk.await(5, TimeUnit.SECONDS));
            assertTrue(client.leaseAtRisk());
            acking.set(true);
            assertTrue(back.await(5, TimeUnit.SECONDS));
            assertTrue(acksAfterBack.await(5, TimeUnit.SECONDS));
            assertFalse(client.leaseAtRisk());
            assertEquals(1, atRiskCalls.get());
            assertEquals(1, backCalls.get());
        }
    }
}
