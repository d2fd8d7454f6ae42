package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.extended.controller.reconciler.Request;
import io.kubernetes.client.extended.controller.reconciler.Result;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.cache.Caches;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Secret;
import io.primehub.imagebuilder.domain.model.RegistryTarget;
import io.primehub.imagebuilder.domain.port.RegistryCredentials;
import io.primehub.imagebuilder.k8s.build.PushSecretFactory;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a push secret that this controller made (it carries its label) from a namespace where nothing needs it any
 * more, so that the registry credential does not stay behind: no spec and no Image is left there (an Image may pull
 * its image with the push secret, as PrimeHub sets it up), or, with a build namespace, builds run elsewhere and no
 * Image is there. A Secret of that name that someone else made is never touched.
 */
public final class UnneededPushSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(UnneededPushSecrets.class);

    private final CoreV1Api core;
    private final RegistryCredentials registry;
    private final Informers informers;
    private final String buildNamespace;
    private final Set<String> checkedWithBuildNamespace = ConcurrentHashMap.newKeySet();

    public UnneededPushSecrets(
            CoreV1Api core, RegistryCredentials registry, Informers informers, String buildNamespace) {
        this.core = core;
        this.registry = registry;
        this.informers = informers;
        this.buildNamespace = buildNamespace;
    }

    /** What a reconciler does with an owner (a spec or an Image) that is there and not being deleted. */
    interface OwnerStep<T> {
        void apply(T owner) throws ApiException;
    }

    /**
     * The reconcile of an owner kind: one that is gone may leave its namespace's push secret unneeded; one being
     * deleted needs nothing; otherwise {@code step} runs (after, with a build namespace, a first look at the
     * namespace's old push secret).
     */
    <T extends KubernetesObject> Result reconcileOwner(
            String kind, Request request, SharedIndexInformer<T> owners, Logger log, OwnerStep<T> step) {
        T owner = owners.getIndexer().getByKey(request.getNamespace() + "/" + request.getName());
        if (owner == null) {
            return ApiErrors.attempt(kind, request, log, () -> removeIfUnneeded(request.getNamespace()));
        }
        if (owner.getMetadata().getDeletionTimestamp() != null) {
            return new Result(false);
        }
        return ApiErrors.attempt(kind, request, log, () -> {
            onceFor(request.getNamespace());
            step.apply(owner);
        });
    }

    /** With a build namespace: the first time a namespace is reconciled, its old push secret goes if unneeded. */
    void onceFor(String namespace) throws ApiException {
        if (!buildNamespace.isEmpty() && checkedWithBuildNamespace.add(namespace)) {
            removeIfUnneeded(namespace);
        }
    }

    /** Removes the controller's push secret from {@code namespace} when nothing there needs it. */
    void removeIfUnneeded(String namespace) throws ApiException {
        Optional<RegistryTarget> target = registry.target();
        if (target.isEmpty() || !registry.managesPushSecret() || isNeeded(namespace)) {
            return;
        }
        String name = target.get().pushSecretName();
        V1Secret secret;
        try {
            secret = core.readNamespacedSecret(name, namespace).execute();
        } catch (ApiException e) {
            if (ApiErrors.isNotFound(e)) {
                return;
            }
            throw e;
        }
        if (!PushSecretFactory.isMadeByThisController(secret)) {
            return;
        }
        ApiErrors.unlessGone(() -> core.deleteNamespacedSecret(name, namespace).execute());
        LOG.info("namespace {}: push secret {} removed: nothing there needs it any more", namespace, name);
    }

    private boolean isNeeded(String namespace) {
        boolean images = informers.images() != null
                && !informers
                        .images()
                        .getIndexer()
                        .byIndex(Caches.NAMESPACE_INDEX, namespace)
                        .isEmpty();
        if (buildNamespace.isEmpty()) {
            return images
                    || !informers
                            .specs()
                            .getIndexer()
                            .byIndex(Caches.NAMESPACE_INDEX, namespace)
                            .isEmpty();
        }
        return namespace.equals(buildNamespace) || images;
    }
}
