package io.primehub.imagebuilder.k8s.resource;

import java.util.List;

/** {@code spec.packages} of both resources: the apt, pip and conda lists. */
public class PackagesField {

    private List<String> apt;
    private List<String> pip;
    private List<String> conda;

    public List<String> getApt() {
        return apt;
    }

    public PackagesField setApt(List<String> apt) {
        this.apt = apt;
        return this;
    }

    public List<String> getPip() {
        return pip;
    }

    public PackagesField setPip(List<String> pip) {
        this.pip = pip;
        return this;
    }

    public List<String> getConda() {
        return conda;
    }

    public PackagesField setConda(List<String> conda) {
        this.conda = conda;
        return this;
    }
}
