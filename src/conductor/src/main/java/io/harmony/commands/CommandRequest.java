package io.harmony.commands;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Body of POST /services/{component_id}/commands. {@code args} is any JSON the component's handler understands. */
public record CommandRequest(@NotBlank @Size(max = 128) String command, JsonNode args) {
}
