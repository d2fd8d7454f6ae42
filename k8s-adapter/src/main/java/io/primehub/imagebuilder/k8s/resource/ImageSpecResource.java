package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** An {@code ImageSpec} ({@code primehub.io/v1alpha1}) as the Java client reads and writes it. */
public class ImageSpecResource implements KubernetesObject {

    public static final String KIND = "ImageSpec";

    private String apiVersion = CustomResources.API_VERSION;
    private String kind = KIND;
    private V1ObjectMeta metadata = new V1ObjectMeta();
    private ImageSpecSpec spec = new ImageSpecSpec();
    private ImageSpecStatus status;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    public ImageSpecResource setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
        return this;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public ImageSpecResource setKind(String kind) {
        this.kind = kind;
        return this;
    }

    @Override
    public V1ObjectMeta getMetadata() {
        return metadata;
    }

    public ImageSpecResource setMetadata(V1ObjectMeta metadata) {
        this.metadata = metadata;
        return this;
    }

    public ImageSpecSpec getSpec() {
        return spec;
    }

    public ImageSpecResource setSpec(ImageSpecSpec spec) {
        this.spec = spec;
        return this;
    }

    public ImageSpecStatus getStatus() {
        return status;
    }

    public ImageSpecResource setStatus(ImageSpecStatus status) {
        this.status = status;
        return this;
    }
}
