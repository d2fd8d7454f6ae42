package io.primehub.imagebuilder.k8s.controller;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiException;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * The one way the controller makes an object it owns by name exist as it wants it (the push secret, the copy of a
 * pull secret, the build script's ConfigMap): read, create when absent, replace when it differs, with the
 * resourceVersion it read, so that a change in between fails with 409 and the reconcile is tried again. A create that
 * meets 409 (another worker or replica made it meanwhile) reads what is there and goes on from it.
 *
 * <p>Not server-side apply: the push secret is also the name of a Secret PrimeHub's chart makes, which must be used
 * as it is and never taken over, and apply would take over its fields; the decision needs the object that is there.
 */
final class Ensure {

    /** A call to the API server about one object. */
    @FunctionalInterface
    interface Call<T> {
        T call() throws ApiException;
    }

    /** A write of {@code object}, answering the object as the API server keeps it. */
    @FunctionalInterface
    interface Write<T> {
        T write(T object) throws ApiException;
    }

    /** How to read, create and replace the object; {@code read} fails with 404 when it is not there. */
    record Api<T extends KubernetesObject>(Call<T> read, Write<T> create, Write<T> replace) {}

    /** Whether the object is expected to be there, which decides the first request. */
    enum Expect {
        /** Read first: in the usual case the object is there and nothing is written. */
        PRESENT,
        /** Create first: in the usual case the object is new, and a read would only answer 404. */
        ABSENT
    }

    /** What was done. */
    enum Outcome {
        CREATED,
        REPLACED,
        UNCHANGED,
        /** It is there, but not this controller's to change: left as it is. */
        NOT_OURS
    }

    /**
     * The outcome and the object as it is now.
     *
     * @param object the object the API server answered last: the one created, replaced or read
     */
    record Ensured<T>(Outcome outcome, T object) {}

    private Ensure() {}

    /**
     * Makes {@code desired} exist.
     *
     * @param ours    whether an existing object may be changed (the chart's push secret may not)
     * @param matches whether an existing object is already as desired (existing, desired)
     */
    static <T extends KubernetesObject> Ensured<T> ensure(
            Api<T> api, T desired, Expect expect, Predicate<T> ours, BiPredicate<T, T> matches) throws ApiException {
        return ensure(api, desired, expect, ours, matches, Ensure::desiredAtItsVersion);
    }

    /**
     * As {@link #ensure(Api, KubernetesObject, Expect, Predicate, BiPredicate)}, replacing with what {@code update}
     * makes of (existing, desired): the existing object with the desired fields set on it keeps what others added
     * (labels, annotations, other keys). It must keep the existing object's resourceVersion.
     */
    static <T extends KubernetesObject> Ensured<T> ensure(
            Api<T> api,
            T desired,
            Expect expect,
            Predicate<T> ours,
            BiPredicate<T, T> matches,
            BinaryOperator<T> update)
            throws ApiException {
        Objects.requireNonNull(desired, "desired");
        if (expect == Expect.ABSENT) {
            try {
                return new Ensured<>(Outcome.CREATED, api.create().write(desired));
            } catch (ApiException e) {
                if (!ApiErrors.isConflict(e)) {
                    throw e;
                }
            }
        }
        T existing;
        try {
            existing = api.read().call();
        } catch (ApiException e) {
            if (!ApiErrors.isNotFound(e) || expect == Expect.ABSENT) {
                // ABSENT: made (409) and gone again before the read; the next reconcile sees it anew
                throw e;
            }
            try {
                return new Ensured<>(Outcome.CREATED, api.create().write(desired));
            } catch (ApiException raced) {
                if (!ApiErrors.isConflict(raced)) {
                    throw raced;
                }
                existing = api.read().call();
            }
        }
        if (!ours.test(existing)) {
            return new Ensured<>(Outcome.NOT_OURS, existing);
        }
        if (matches.test(existing, desired)) {
            return new Ensured<>(Outcome.UNCHANGED, existing);
        }
        return new Ensured<>(Outcome.REPLACED, api.replace().write(update.apply(existing, desired)));
    }

    /** The desired object as a whole, at the version read: what this controller alone writes. */
    private static <T extends KubernetesObject> T desiredAtItsVersion(T existing, T desired) {
        desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return desired;
    }
}
