package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.primehub.imagebuilder.k8s.build.BuildScriptConfigMap;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the build script's ConfigMap ({@link BuildScriptConfigMap}) in each namespace where this controller makes
 * build pods. A namespace is read at most once every {@link #RECHECK}: a burst of builds there costs one read, and the
 * first build in a namespace one write more. A ConfigMap found missing is made; one found with other content (changed
 * by hand) is put back. It is checked before each build pod is made and again while a build waits to start, so a
 * ConfigMap deleted meanwhile holds a pod in {@code ContainerCreating} for at most a minute: the kubelet starts it once
 * the next check has made the ConfigMap again. Script ConfigMaps of earlier versions stay until removed by hand
 * ({@code kubectl delete configmap -A -l app.kubernetes.io/component=build-script} deletes them all; the next build
 * makes its own again).
 */
final class SharedBuildScript {

    static final Duration RECHECK = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(SharedBuildScript.class);

    private final CoreV1Api core;
    private final String script;
    private final String name;
    private final LongSupplier nanoTime;
    /** When each namespace's ConfigMap was last found as wanted ({@link System#nanoTime()}). */
    private final Map<String, Long> checked = new ConcurrentHashMap<>();

    SharedBuildScript(CoreV1Api core, String script, LongSupplier nanoTime) {
        this.core = core;
        this.script = script;
        this.name = BuildScriptConfigMap.name(script);
        this.nanoTime = nanoTime;
    }

    /** The ConfigMap's name, the same in every namespace. */
    String name() {
        return name;
    }

    /** Makes sure the script's ConfigMap is in {@code namespace} with this controller's script. */
    void ensure(String namespace) throws ApiException {
        long now = nanoTime.getAsLong();
        Long at = checked.get(namespace);
        if (at != null && now - at < RECHECK.toNanos()) {
            return;
        }
        V1ConfigMap wanted = BuildScriptConfigMap.configMap(namespace, script);
        Ensure.Ensured<V1ConfigMap> ensured = Ensure.ensure(
                new Ensure.Api<>(
                        () -> core.readNamespacedConfigMap(name, namespace).execute(),
                        configMap -> core.createNamespacedConfigMap(namespace, configMap)
                                .execute(),
                        configMap -> core.replaceNamespacedConfigMap(name, namespace, configMap)
                                .execute()),
                wanted,
                Ensure.Expect.PRESENT,
                existing -> true,
                (existing, desired) -> desired.getData().equals(existing.getData()),
                // the script put back into the ConfigMap as it is, with whatever labels others added to it
                (existing, desired) -> existing.data(desired.getData()));
        switch (ensured.outcome()) {
            case CREATED -> LOG.info("made ConfigMap {}/{} with the build script", namespace, name);
            case REPLACED ->
                LOG.warn(
                        "ConfigMap {}/{} held another build script (changed by hand); it is put back", namespace, name);
            case UNCHANGED, NOT_OURS -> {
                // as it should be
            }
        }
        checked.put(namespace, now);
    }
}
