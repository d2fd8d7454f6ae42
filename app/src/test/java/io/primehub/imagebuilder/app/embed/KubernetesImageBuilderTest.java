package io.primehub.imagebuilder.app.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesImageBuilderTest {

    private final ImageSpecOperations operations = mock(ImageSpecOperations.class);
    private final ImageBuilder builder = new KubernetesImageBuilder(operations);

    @Test
    void appliesAValidSpec() {
        ImageSpec spec = new ImageSpec(
                "hub",
                "datasci",
                "python:3.11-slim",
                "",
                Packages.of(List.of("curl"), List.of("numpy==1.26.4"), List.of()),
                "");

        builder.apply(spec);

        verify(operations).apply(spec);
    }

    @Test
    void rejectsAnInvalidSpecWithoutSendingIt() {
        ImageSpec spec = new ImageSpec(
                "hub",
                "datasci",
                "python:3.11-slim",
                "",
                Packages.of(List.of(), List.of("numpy; rm -rf /"), List.of()),
                "");

        InvalidImageSpecException e = assertThrows(InvalidImageSpecException.class, () -> builder.apply(spec));

        assertTrue(
                e.violations().stream().anyMatch(v -> v.toString().contains("spec.packages.pip[0]")), e.getMessage());
        verifyNoInteractions(operations);
    }

    @Test
    void rejectsABaseImageOfFourKilobytesAsOneProblemWithoutSendingIt() {
        ImageSpec spec = new ImageSpec("hub", "datasci", "a.".repeat(2048) + "a", "", Packages.NONE, "");

        InvalidImageSpecException e = assertThrows(InvalidImageSpecException.class, () -> builder.apply(spec));

        assertEquals(1, e.violations().size(), e.getMessage());
        assertEquals("spec.baseImage", e.violations().get(0).field());
        assertTrue(e.getMessage().length() < 1000, e.getMessage());
        verifyNoInteractions(operations);
    }

    @Test
    void delegatesTheOtherCalls() {
        when(operations.cancel("hub", "datasci")).thenReturn(true);
        when(operations.buildLog("hub", "datasci-1a2b3c4d")).thenReturn("STEP 1/3: FROM python\n");

        builder.rebuild("hub", "datasci");

        verify(operations).rebuild("hub", "datasci");
        assertTrue(builder.cancel("hub", "datasci"));
        assertEquals("STEP 1/3: FROM python\n", builder.buildLog("hub", "datasci-1a2b3c4d"));
    }
}
