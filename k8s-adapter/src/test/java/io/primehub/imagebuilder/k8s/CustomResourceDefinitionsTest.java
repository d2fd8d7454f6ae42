package io.primehub.imagebuilder.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomResourceDefinitionsTest {

    @Test
    void loadsTheCrdsFromTheJarImageAloneWithoutAStatusSubresourceAsPrimeHubHasIt() {
        List<V1CustomResourceDefinition> crds = CustomResourceDefinitions.load();
        assertEquals(
                List.of("imagespecs.primehub.io", "imagespecjobs.primehub.io", "images.primehub.io"),
                crds.stream().map(c -> c.getMetadata().getName()).toList());
        for (V1CustomResourceDefinition crd : crds) {
            assertEquals("primehub.io", crd.getSpec().getGroup());
            assertEquals("v1alpha1", crd.getSpec().getVersions().get(0).getName());
            boolean statusSubresource = crd.getSpec().getVersions().get(0).getSubresources() != null
                    && crd.getSpec().getVersions().get(0).getSubresources().getStatus() != null;
            assertEquals(
                    !crd.getSpec().getNames().getKind().equals("Image"),
                    statusSubresource,
                    crd.getMetadata().getName());
        }
    }

    @Test
    void sendsTheManifestsIntegersAsIntegers() {
        String json = CustomResourceDefinitions.manifests().toString();
        assertTrue(json.contains("\"minLength\":1"), json);
        assertTrue(!json.contains("\"minLength\":1.0"), json);
    }
}
