package io.harmony.alerting;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Max;

/** Body of POST /alerts/configure (the seed's body works as written). */
public record AlertRequest(
        @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,128}", message = "must be 1-128 letters, digits, '.', '_' or '-'") String alertName,
        @NotNull @Size(min = 1, max = 512) String condition,
        @Size(max = 256) List<@NotNull @Size(min = 1, max = 63) String> components,
        @Size(max = 8) List<@NotNull String> notificationChannels,
        @PositiveOrZero @Max(86_400) Double forSeconds) {
}
