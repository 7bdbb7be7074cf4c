package io.harmony.security;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of POST /access-control and value on the compacted harmony.access-control (key {@code from}): what {@code from}
 * may do to the components in {@code to} ({@code *} = any). {@code write} is a queue send, {@code read} a request;
 * write implies read. A sender no rule names is unrestricted; one that is named may only do what its rule allows.
 */
public record AccessRule(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,63}", message = "must be 1-63 letters, digits, '.', '_' or '-'") String from,
        @NotNull @Size(min = 1, max = 1000) List<@NotNull @Pattern(regexp = "\\*|[A-Za-z0-9._-]{1,63}",
                message = "must be a component name (1-63 letters, digits, '.', '_' or '-') or *") String> to,
        @NotNull @Size(min = 1, max = 2) List<@NotNull @Pattern(regexp = "read|write", message = "must be read or write") String> allowedOperations) {

    public static final String READ = "read";
    public static final String WRITE = "write";

    /** Duplicates dropped, order kept: what is stored and answered. */
    AccessRule normalized() {
        return new AccessRule(from, to.stream().distinct().toList(), allowedOperations.stream().distinct().toList());
    }

    /** Whether this rule lets {@code from} do {@code operation} ({@link #READ} or {@link #WRITE}) to {@code target}. */
    boolean allows(String operation, String target) {
        boolean operationAllowed = allowedOperations.contains(operation) || (READ.equals(operation) && allowedOperations.contains(WRITE));
        return operationAllowed && (to.contains(target) || to.contains("*"));
    }
}
