package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.openapi.models.V1ListMeta;
import java.util.ArrayList;
import java.util.List;

/** A list of {@code ImageSpecJob}s, as the API server returns it. */
public class ImageSpecJobList implements KubernetesListObject {

    private String apiVersion = CustomResources.API_VERSION;
    private String kind = "ImageSpecJobList";
    private V1ListMeta metadata = new V1ListMeta();
    private List<ImageSpecJobResource> items = new ArrayList<>();

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
    public List<ImageSpecJobResource> getItems() {
        return items;
    }
}
