package io.primehub.imagebuilder.it.cluster;

import java.util.Locale;

/** Which Kubernetes the integration tests run against; chosen by {@code IT_CLUSTER} (or {@code -Dit.cluster}). */
public enum ClusterKind {
    /** etcd, kube-apiserver and kube-controller-manager on loopback, from integration-tests/k8s/provision. */
    ENVTEST,
    /** k3s in a container started by Testcontainers; needs a Docker engine. */
    K3S,
    /** An existing cluster from {@code KUBECONFIG} (or ~/.kube/config); opt-in only. */
    KUBECONFIG;

    /** The setting's value for this kind, e.g. {@code envtest}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
