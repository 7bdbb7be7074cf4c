package io.harmony.client;

import io.harmony.client.SseParser.SseFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SseParserTest {
    private static List<SseFrame> parse(String... lines) {
        SseParser parser = new SseParser();
        List<SseFrame> frames = new ArrayList<>();
        for (String line : lines) {
            SseFrame frame = parser.accept(line);
            if (frame != null) {
                frames.add(frame);
            }
        }
        return frames;
    }

    @Test
    void aBlankLineDispatchesTheFrameWithItsIdAndType() {
        assertEquals(List.of(new SseFrame("42", "component-registered", "{\"a\":1}")),
                parse("id: 42", "event: component-registered", "data: {\"a\":1}", ""));
    }

    @Test
    void dataLinesAreJoinedWithNewlines() {
        assertEquals(List.of(new SseFrame(null, null, "first\nsecond\n")),
                parse("data: first", "data:second", "data", ""));
    }

    @Test
    void commentLinesAreIgnoredEvenBetweenFields() {
        assertEquals(List.of(new SseFrame("1", "x", "d")),
                parse(":keep-alive", "", "id:1", ": comment inside", "event:x", "data:d", ""));
    }

    @Test
    void onlyOneLeadingSpaceIsStrippedAndLaterColonsAreKept() {
        assertEquals(List.of(new SseFrame(null, null, " a:b")), parse("data:  a:b", ""));
    }

    @Test
    void aFrameWithoutDataDispatchesNothingAndItsTypeDoesNotLeak() {
        assertEquals(List.of(new SseFrame("5", null, "d")), parse("id: 5", "event: lost", "", "data: d", ""));
    }

    @Test
    void theLastIdCarriesOverToLaterFramesAndUnknownFieldsAreIgnored() {
        assertEquals(List.of(new SseFrame("9", "a", "1"), new SseFrame("9", null, "2")),
                parse("id: 9", "retry: 100", "event: a", "data: 1", "", "whatever: x", "data: 2", ""));
    }

    @Test
    void anIncompleteFrameAtTheEndOfTheStreamIsNotDispatched() {
        assertEquals(List.of(), parse("id: 3", "data: partial"));
    }
}
