package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** An {@code Image} ({@code primehub.io/v1alpha1}) as the Java client reads and writes it. */
public class ImageResource implements KubernetesObject {

    public static final String KIND = "Image";

    private String apiVersion = CustomResources.API_VERSION;
    private String kind = KIND;
    private V1ObjectMeta metadata = new V1ObjectMeta();
    private ImageCrdSpec spec = new ImageCrdSpec();
    private ImageStatus status;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    public ImageResource setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
        return this;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public ImageResource setKind(String kind) {
        this.kind = kind;
        return this;
    }

    @Override
    public V1ObjectMeta getMetadata() {
        return metadata;
    }

    public ImageResource setMetadata(V1ObjectMeta metadata) {
        this.metadata = metadata;
        return this;
    }

    public ImageCrdSpec getSpec() {
        return spec;
    }

    public ImageResource setSpec(ImageCrdSpec spec) {
        this.spec = spec;
        return this;
    }

    public ImageStatus getStatus() {
        return status;
    }

    public ImageResource setStatus(ImageStatus status) {
        this.status = status;
        return this;
    }
}
