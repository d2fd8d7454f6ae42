package io.primehub.imagebuilder.k8s.resource;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.GenericKubernetesApi;

/** Group, version and plurals of the custom resources, and typed API handles for them. */
public final class CustomResources {

    public static final String GROUP = "primehub.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String IMAGE_SPECS = "imagespecs";
    public static final String IMAGE_SPEC_JOBS = "imagespecjobs";
    public static final String IMAGES = "images";

    private CustomResources() {}

    public static GenericKubernetesApi<ImageSpecResource, ImageSpecList> imageSpecs(ApiClient client) {
        return new GenericKubernetesApi<>(
                ImageSpecResource.class, ImageSpecList.class, GROUP, VERSION, IMAGE_SPECS, client);
    }

    public static GenericKubernetesApi<ImageSpecJobResource, ImageSpecJobList> imageSpecJobs(ApiClient client) {
        return new GenericKubernetesApi<>(
                ImageSpecJobResource.class, ImageSpecJobList.class, GROUP, VERSION, IMAGE_SPEC_JOBS, client);
    }

    public static GenericKubernetesApi<ImageResource, ImageList> images(ApiClient client) {
        return new GenericKubernetesApi<>(ImageResource.class, ImageList.class, GROUP, VERSION, IMAGES, client);
    }
}
