package io.harmony.security;

import java.util.List;

/** GET /access-control: every rule, by {@code from}. */
public record AccessRuleList(List<AccessRule> rules) {
}
