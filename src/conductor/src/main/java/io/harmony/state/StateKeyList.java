package io.harmony.state;

import java.util.List;

/** Answer of GET /state?prefix=: the matching keys, relative to the prefix. */
public record StateKeyList(List<String> keys) {
}
