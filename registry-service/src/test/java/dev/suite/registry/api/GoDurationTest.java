package dev.suite.registry.api;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoDurationTest {

    @Test
    void parsesGoDurations() {
        assertThat(GoDuration.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(GoDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoDuration.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsUnknownUnitsWithGosMessage() {
        assertThatThrownBy(() -> GoDuration.parse("10x")).hasMessage("time: unknown unit \"x\" in duration \"10x\"");
        assertThatThrownBy(() -> GoDuration.parse("10")).hasMessage("time: missing unit in duration \"10\"");
        assertThatThrownBy(() -> GoDuration.parse("s")).hasMessage("time: invalid duration \"s\"");
    }

    @Test
    void formatsWholeSecondsAsGoDoes() {
        assertThat(GoDuration.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(GoDuration.format(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(GoDuration.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
