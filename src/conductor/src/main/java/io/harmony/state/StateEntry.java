package io.harmony.state;

import com.fasterxml.jackson.databind.JsonNode;

/** One shared-state key as the API shows it: {@code value} is JSON when the stored text parses as JSON, else a string. */
public record StateEntry(String key, JsonNode value, String version) {
}
