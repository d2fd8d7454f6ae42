package io.primehub.imagebuilder.k8s;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildPodSettingsTest {

    @Test
    void rejectsAResourceThatIsNotAQuantityNamingTheSetting() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new BuildPodSettings("b", "lots", "1Gi", "1", "1Gi", "1Gi", Duration.ofMinutes(1), false));
        assertTrue(e.getMessage().contains("cpuRequest"), e.getMessage());
    }

    @Test
    void rejectsADeadlineUnderASecond() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new BuildPodSettings("b", "1", "1Gi", "1", "1Gi", "1Gi", Duration.ZERO, false));
    }
}
