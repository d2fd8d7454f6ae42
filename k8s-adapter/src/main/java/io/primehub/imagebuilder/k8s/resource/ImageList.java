package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.ArrayList;
import java.util.List;

/** A list of {@code Image}s, as the API server returns it. */
public class ImageList implements KubernetesListObject {

    private String apiVersion = CustomResources.API_VERSION;
    private String kind = "ImageList";
    private V1ListMeta metadata = new V1ListMeta();
    private List<ImageResource> items = new ArrayList<>();

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
    public List<ImageResource> getItems() {
        return items;
    }
}
