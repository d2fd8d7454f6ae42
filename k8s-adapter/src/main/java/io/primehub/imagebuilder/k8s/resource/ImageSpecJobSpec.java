package io.primehub.imagebuilder.k8s.resource;

/** {@code ImageSpecJob.spec}, wire-compatible with PrimeHub's Go type. */
public class ImageSpecJobSpec {

    private String baseImage;
    private String pullSecret;
    private PackagesField packages;
    private String targetImage;
    private String pushSecret;
    private String repoPrefix;
    private String updateTime;

    public String getBaseImage() {
        return baseImage;
    }

    public ImageSpecJobSpec setBaseImage(String baseImage) {
        this.baseImage = baseImage;
        return this;
    }

    public String getPullSecret() {
        return pullSecret;
    }

    public ImageSpecJobSpec setPullSecret(String pullSecret) {
        this.pullSecret = pullSecret;
        return this;
    }

    public PackagesField getPackages() {
        return packages;
    }

    public ImageSpecJobSpec setPackages(PackagesField packages) {
        this.packages = packages;
        return this;
    }

    public String getTargetImage() {
        return targetImage;
    }

    public ImageSpecJobSpec setTargetImage(String targetImage) {
        this.targetImage = targetImage;
        return this;
    }

    public String getPushSecret() {
        return pushSecret;
    }

    public ImageSpecJobSpec setPushSecret(String pushSecret) {
        this.pushSecret = pushSecret;
        return this;
    }

    public String getRepoPrefix() {
        return repoPrefix;
    }

    public ImageSpecJobSpec setRepoPrefix(String repoPrefix) {
        this.repoPrefix = repoPrefix;
        return this;
    }

    public String getUpdateTime() {
        return updateTime;
    }

    public ImageSpecJobSpec setUpdateTime(String updateTime) {
        this.updateTime = updateTime;
        return this;
    }
}
