package io.harmony.client;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventStreamTest {
    @AfterEach
    void closeLeavesNoThreads() {
        StubConductor.assertNoClientThreads();
    }

    private static String frame(long id, String type) {
        return "id: " + id + "\nevent: " + type + "\ndata: {\"event\":\"" + type + "\",\"event_id\":\"e" + id
                + "\",\"from\":\"conductor\",\"timestamp\":\"2025-12-17T19:45:05.5Z\",\"data\":{\"component_id\":\"billing-001\"}}\n\n";
    }

    @Test
    void aDroppedStreamResumesAfterTheLastIdAndAThrowingListenerDoesNotStopIt() throws Exception {
        BlockingQueue<String> lastEventIds = new LinkedBlockingQueue<>();
        BlockingQueue<String> queries = new LinkedBlockingQueue<>();
        AtomicInteger connections = new AtomicInteger();
        CountDownLatch testDone = new CountDownLatch(1);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (var conductor = new StubConductor(exchange -> {
                String resume = exchange.getRequestHeaders().getFirst("Last-Event-ID");
                lastEventIds.add(resume == null ? "none" : resume);
                queries.add(exchange.getRequestURI().getRawQuery());
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                int connection = connections.incrementAndGet();
                if (connection == 1) {   // two events, then the conductor "restarts"
                    out.write((":keep-alive\n\n" + frame(6, "component-registered") + frame(7, "component-degraded"))
                            .getBytes(StandardCharsets.UTF_8));
                } else if (connection == 2) {   // one more, and another drop
                    out.write(frame(8, "component-recovered").getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                if (connection > 2) {
                    testDone.await(10, TimeUnit.SECONDS);   // stays open, as a live stream does
                }
            });
             var client = conductor.client("billing").backoff(Duration.ofMillis(50), Duration.ofMillis(100)).build()) {
            Subscription subscription = client.subscribe(List.of("component-*", "state-*"), event -> {
                events.add(event);
                if (event.id() == 6) {
                    throw new IllegalStateException("listener bug");
                }
            });

            List<Long> ids = List.of(take(events).id(), take(events).id(), take(events).id());
            assertEquals(List.of(6L, 7L, 8L), ids);
            assertEquals("none", lastEventIds.poll(5, TimeUnit.SECONDS));
            assertEquals("7", lastEventIds.poll(5, TimeUnit.SECONDS));
            assertEquals("8", lastEventIds.poll(5, TimeUnit.SECONDS));
            assertEquals("event_type=component-*%2Cstate-*", queries.poll(5, TimeUnit.SECONDS));
            assertEquals(8, subscription.lastEventId());
            testDone.countDown();
        }
    }

    @Test
    void anEventCarriesTheEnvelopeFields() throws Exception {
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        CountDownLatch testDone = new CountDownLatch(1);
        try (var conductor = new StubConductor(exchange -> {
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write(frame(41, "component-offline").getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                testDone.await(10, TimeUnit.SECONDS);
            });
             var client = conductor.client("billing").build()) {
            Subscription subscription = client.subscribe(List.of("*"), 40L, events::add);
            Event event = take(events);
            assertTrue(subscription.connected());
            assertEquals(new Event(41, "component-offline", "e41", "conductor", Instant.parse("2025-12-17T19:45:05.5Z"),
                    ConductorApi.JSON.readTree("{\"component_id\":\"billing-001\"}")), event);
            subscription.close();
            assertFalse(subscription.connected());
            testDone.countDown();
        }
    }

    private static Event take(BlockingQueue<Event> events) throws InterruptedException {
        Event event = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 5 s");
        return event;
    }
}
