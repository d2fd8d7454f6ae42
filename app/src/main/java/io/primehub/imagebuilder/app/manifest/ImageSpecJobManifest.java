package io.primehub.imagebuilder.app.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.primehub.imagebuilder.domain.model.ImageSpecJob;
import io.primehub.imagebuilder.domain.model.PackageManager;
import io.primehub.imagebuilder.k8s.resource.CustomResources;
import io.primehub.imagebuilder.k8s.resource.ImageSpecJobResource;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the {@code ImageSpecJob} resource the controller would create, as YAML that {@code kubectl} accepts: strings are
 * plain where that is safe and quoted wherever a YAML reader would take them for a number, a boolean, null or a date
 * ({@link TextLookingQuoting}).
 */
public final class ImageSpecJobManifest {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .stringQuotingChecker(new TextLookingQuoting())
            .build());

    private ImageSpecJobManifest() {}

    public static String toYaml(ImageSpecJob job) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", job.name());
        if (!job.namespace().isEmpty()) {
            metadata.put("namespace", job.namespace());
        }
        metadata.put("labels", new TreeMap<>(job.labels()));
        metadata.put("annotations", new TreeMap<>(job.annotations()));

        Map<String, Object> packages = new LinkedHashMap<>();
        for (PackageManager manager :
                new PackageManager[] {PackageManager.APT, PackageManager.PIP, PackageManager.CONDA}) {
            if (job.packages().uses(manager)) {
                packages.put(manager.fieldName(), job.packages().of(manager));
            }
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("baseImage", job.baseImage());
        if (job.hasPullSecret()) {
            spec.put("pullSecret", job.pullSecret());
        }
        spec.put("packages", packages);
        spec.put("targetImage", job.targetImage());
        spec.put("pushSecret", job.pushSecret());
        spec.put("repoPrefix", job.repoPrefix());
        spec.put("updateTime", job.updateTime());

        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", CustomResources.API_VERSION);
        resource.put("kind", ImageSpecJobResource.KIND);
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        try {
            return YAML.writeValueAsString(resource);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing a map of strings as YAML cannot fail", e);
        }
    }
}
