package io.harmony.orchestra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EchoGitSyncTest {
    @Test
    void checksumIsSha256HexOfRepositoryAndSyncedAt() {
        // printf 'my-repo2025-12-17T19:45:05Z' | sha256sum
        assertEquals("f8304d8a1d31df9fb6f062fd73804202947e994941193b4f43d3e8c51faea4a1",
                EchoGitSync.checksum("my-repo", Instant.parse("2025-12-17T19:45:05Z")));
    }
}
