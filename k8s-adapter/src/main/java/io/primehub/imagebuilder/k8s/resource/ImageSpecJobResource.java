package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/** An {@code ImageSpecJob} ({@code primehub.io/v1alpha1}) as the Java client reads and writes it. */
public class ImageSpecJobResource implements KubernetesObject {

    public static final String KIND = "ImageSpecJob";

    private String apiVersion = CustomResources.API_VERSION;
    private String kind = KIND;
    private V1ObjectMeta metadata = new V1ObjectMeta();
    private ImageSpecJobSpec spec = new ImageSpecJobSpec();
    private ImageSpecJobStatus status;

    @Override
    public String getApiVersion() {
        return apiVersion;
    }

    public ImageSpecJobResource setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
        return this;
    }

    @Override
    public String getKind() {
        return kind;
    }

    public ImageSpecJobResource setKind(String kind) {
        this.kind = kind;
        return this;
    }

    @Override
    public V1ObjectMeta getMetadata() {
        return metadata;
    }

    public ImageSpecJobResource setMetadata(V1ObjectMeta metadata) {
        this.metadata = metadata;
        return this;
    }

    public ImageSpecJobSpec getSpec() {
        return spec;
    }

    public ImageSpecJobResource setSpec(ImageSpecJobSpec spec) {
        this.spec = spec;
        return this;
    }

    public ImageSpecJobStatus getStatus() {
        return status;
    }

    public ImageSpecJobResource setStatus(ImageSpecJobStatus status) {
        this.status = status;
        return this;
    }
}
