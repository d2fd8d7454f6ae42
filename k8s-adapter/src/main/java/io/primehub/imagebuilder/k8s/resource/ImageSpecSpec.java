package io.primehub.imagebuilder.k8s.resource;

/** {@code ImageSpec.spec}, wire-compatible with PrimeHub's Go type. */
public class ImageSpecSpec {

    private String baseImage;
    private String pullSecret;
    private PackagesField packages;
    /** RFC 3339; kept as text so that whatever a client wrote is read back unchanged. */
    private String updateTime;

    public String getBaseImage() {
        return baseImage;
    }

    public ImageSpecSpec setBaseImage(String baseImage) {
        this.baseImage = baseImage;
        return this;
    }

    public String getPullSecret() {
        return pullSecret;
    }

    public ImageSpecSpec setPullSecret(String pullSecret) {
        this.pullSecret = pullSecret;
        return this;
    }

    public PackagesField getPackages() {
        return packages;
    }

    public ImageSpecSpec setPackages(PackagesField packages) {
        this.packages = packages;
        return this;
    }

    public String getUpdateTime() {
        return updateTime;
    }

    public ImageSpecSpec setUpdateTime(String updateTime) {
        this.updateTime = updateTime;
        return this;
    }
}
