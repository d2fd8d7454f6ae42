package io.primehub.imagebuilder.k8s.resource;

/**
 * {@code Image.spec}, wire-compatible with PrimeHub's Go type: what the console shows and notebooks run ({@code url},
 * {@code urlForGpu}, {@code pullSecret}), and in {@code imageSpec} what to build. Only ever read, and patched by
 * field: the console's fields are never rewritten.
 */
public class ImageCrdSpec {

    private String url;
    private String urlForGpu;
    private String type;
    private String displayName;
    private String description;
    private String pullSecret;
    private String groupName;
    private ImageBuildSpec imageSpec;

    public String getUrl() {
        return url;
    }

    public ImageCrdSpec setUrl(String url) {
        this.url = url;
        return this;
    }

    public String getUrlForGpu() {
        return urlForGpu;
    }

    public ImageCrdSpec setUrlForGpu(String urlForGpu) {
        this.urlForGpu = urlForGpu;
        return this;
    }

    public String getType() {
        return type;
    }

    public ImageCrdSpec setType(String type) {
        this.type = type;
        return this;
    }

    public String getDisplayName() {
        return displayName;
    }

    public ImageCrdSpec setDisplayName(String displayName) {
        this.displayName = displayName;
        return this;
    }

    public String getDescription() {
        return description;
    }

    public ImageCrdSpec setDescription(String description) {
        this.description = description;
        return this;
    }

    public String getPullSecret() {
        return pullSecret;
    }

    public ImageCrdSpec setPullSecret(String pullSecret) {
        this.pullSecret = pullSecret;
        return this;
    }

    public String getGroupName() {
        return groupName;
    }

    public ImageCrdSpec setGroupName(String groupName) {
        this.groupName = groupName;
        return this;
    }

    public ImageBuildSpec getImageSpec() {
        return imageSpec;
    }

    public ImageCrdSpec setImageSpec(ImageBuildSpec imageSpec) {
        this.imageSpec = imageSpec;
        return this;
    }
}
