package io.harmony.security;

import java.util.List;

/** GET /tokens: every live token, oldest first. */
public record TokenList(List<TokenInfo> tokens) {
}
