package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.ArrayList;
import java.util.List;

/** A list of {@code ImageSpec}s, as the API server returns it. */
public class ImageSpecList implements KubernetesListObject {

    private String apiVersion = CustomResources.API_VERSION;
    private String kind = "ImageSpecList";
    private V1ListMeta metadata = new V1ListMeta();
    private List<ImageSpecResource> items = new ArrayList<>();

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    @Override
    public String getKind() {
        return kind;
    }

    @Override
    public V1ListMeta getMetadata() {
        return metadata;
    }

    @Override
    public List<ImageSpecResource> getItems() {
        return items;
    }
}
