package io.harmony.orchestra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.harmony.orchestra.Component.BadInputException;
import io.harmony.orchestra.Component.Call;
import io.harmony.orchestra.Component.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallTest {
    private static Call post(String body) {
        return new Call("POST", "/entities", "/entities", null, Map.of(), "application/json", null,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void queryIsDecodedAndTheFirstValueWins() {
        assertEquals(Map.of("start", "2025-12-17T19:00:00Z", "q", "a b", "flag", ""),
                Call.parseQuery("start=2025-12-17T19%3A00%3A00Z&q=a+b&flag&start=later"));
    }

    @Test
    void aBrokenPercentEscapeIsA400() {
        assertEquals(400, assertThrows(BadInputException.class, () -> Call.parseQuery("start=%zz")).status());
    }

    @Test
    void malformedMissingOrNonObjectBodiesAre400() {
        for (String body : new String[] {"{\"name\":", "", "[1,2]", "{} trailing"}) {
            assertEquals(400, assertThrows(BadInputException.class, () -> post(body).json()).status(), body);
        }
    }

    @Test
    void errorsHaveTheConductorsShape() {
        assertEquals("{\"error\":\"nope\"}", new String(Reply.error(404, "nope", null).body(), StandardCharsets.UTF_8));
        assertEquals("{\"error\":\"bad\",\"field\":\"start\"}",
                new String(Reply.error(400, "bad", "start").body(), StandardCharsets.UTF_8));
    }
}
