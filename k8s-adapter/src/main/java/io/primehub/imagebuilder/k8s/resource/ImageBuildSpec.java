package io.primehub.imagebuilder.k8s.resource;

/** {@code Image.spec.imageSpec}: the custom build PrimeHub's console asks for. */
public class ImageBuildSpec {

    private String baseImage;
    private String pullSecret;
    private PackagesField packages;
    /** RFC 3339; kept as text so that whatever a client wrote is read back unchanged. */
    private String updateTime;
    /** The console sets it to stop the build. */
    private Boolean cancel;

    public String getBaseImage() {
        return baseImage;
    }

    public ImageBuildSpec setBaseImage(String baseImage) {
        this.baseImage = baseImage;
        return this;
    }

    public String getPullSecret() {
        return pullSecret;
    }

    public ImageBuildSpec setPullSecret(String pullSecret) {
        this.pullSecret = pullSecret;
        return this;
    }

    public PackagesField getPackages() {
        return packages;
    }

    public ImageBuildSpec setPackages(PackagesField packages) {
        this.packages = packages;
        return this;
    }

    public String getUpdateTime() {
        return updateTime;
    }

    public ImageBuildSpec setUpdateTime(String updateTime) {
        this.updateTime = updateTime;
        return this;
    }

    public Boolean getCancel() {
        return cancel;
    }

    public ImageBuildSpec setCancel(Boolean cancel) {
        this.cancel = cancel;
        return this;
    }
}
