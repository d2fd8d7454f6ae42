package io.primehub.imagebuilder.app.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.primehub.imagebuilder.domain.model.ImageSpec;
import io.primehub.imagebuilder.domain.model.Packages;
import io.primehub.imagebuilder.domain.validation.InvalidImageSpecException;
import io.primehub.imagebuilder.k8s.ImageSpecOperations;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * An embedding service builds its injector, and refuses a bad spec, with no cluster in reach: the operations (and
     * their API client, read from a kubeconfig) are asked for on the first call that needs them. What the other calls
     * do against an API server is tested by PackagedControllerIT through this facade.
     */
    @Test
    void makingTheFacadeAndRefusingABadSpecReachNoCluster() {
        AtomicInteger asked = new AtomicInteger();
        ImageBuilder lazy = new KubernetesImageBuilder(() -> {
            asked.incrementAndGet();
            return operations;
        });
        ImageSpec bad = new ImageSpec(
                "hub",
                "datasci",
                "python:3.11-slim",
                "",
                Packages.of(List.of("curl && reboot"), List.of(), List.of()),
                "");

        assertThrows(InvalidImageSpecException.class, () -> lazy.apply(bad));
        assertEquals(0, asked.get(), "no operations were made");

        lazy.rebuild("hub", "datasci");
        assertEquals(1, asked.get());
        verify(operations).rebuild("hub", "datasci");
    }
}
