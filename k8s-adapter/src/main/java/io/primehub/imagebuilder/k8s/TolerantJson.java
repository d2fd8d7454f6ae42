package io.primehub.imagebuilder.k8s;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.JSON;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Makes the Java client read Kubernetes objects as Kubernetes' own Go clients do: a field the client's model does
 * not know is ignored, while every field it does know keeps its type.
 *
 * <p><b>Why.</b> client-java's generated models check each object they read against the API version they were
 * generated from, and throw {@code IllegalArgumentException} ("The field `allocatedResources` in the JSON string
 * is not defined in the `V1PodStatus` properties") on any field they lack. A reflector that meets one such object
 * fails its whole list or watch, for every object of the kind, and retries for ever. Kubernetes adds fields with
 * every release (kubelets from 1.36 on write {@code status.allocatedResources} on every pod), so a strict reader
 * stops the controller on any cluster newer than its client. Kubernetes' API conventions ask clients to tolerate
 * unknown fields; Go's {@code encoding/json} does.
 *
 * <p><b>How.</b> client-java reads and writes all JSON through one process-wide Gson ({@link JSON#getGson()}; every
 * {@link ApiClient}, watch and {@code GenericKubernetesApi} uses it). That Gson is
 * {@link JSON#createGson()} (the {@code V1Status} pre-processor and the metadata exclusion strategy), five scalar
 * adapters (dates, {@code OffsetDateTime}, {@code byte[]}), and one validating {@code TypeAdapterFactory} per model.
 * Those factories only validate and then hand over to Gson's reflective adapter. The tolerant Gson is the same
 * builder with the same scalar adapters (the very instances, so a date format set through {@code JSON} still
 * applies) and without the validating factories: each model is read by the reflective adapter directly, which
 * skips names it does not know and still fails on a known field of the wrong type. {@code IntOrString},
 * {@code Quantity} and {@code V1Patch} carry their own {@code @JsonAdapter} and are unaffected. What is written is
 * unchanged (the factories' writers are the reflective writer too); {@code TolerantJsonTest} proves both.
 *
 * <p><b>Scope.</b> Since client-java keeps that Gson in a static field, this is a setting of the process, not of one
 * {@code ApiClient}: a service that embeds the image builder reads tolerantly too, which is what Kubernetes asks of
 * every client. It is installed wherever this project receives a client ({@link #install(ApiClient)}), and installing
 * it again is free.
 */
public final class TolerantJson {

    /** The scalar types that {@link JSON} registers adapters for, besides the models. */
    private static final List<Class<?>> SCALARS =
            List.of(java.util.Date.class, java.sql.Date.class, OffsetDateTime.class, LocalDate.class, byte[].class);

    private static final Object LOCK = new Object();
    private static volatile Gson installed;
    private static volatile Gson replaced;

    private TolerantJson() {}

    /** Makes the client (and so every client of this process) read tolerantly; returns it for chaining. */
    public static ApiClient install(ApiClient client) {
        install();
        return client;
    }

    /** Replaces client-java's strict Gson by the tolerant one, unless it is in place already. */
    public static void install() {
        if (isInstalled()) {
            return;
        }
        synchronized (LOCK) {
            if (!isInstalled()) {
                Gson strict = JSON.getGson();
                Gson tolerant = tolerantVersionOf(strict);
                JSON.setGson(tolerant);
                replaced = strict;
                installed = tolerant;
            }
        }
    }

    /** Whether client-java currently reads with the tolerant Gson. */
    public static boolean isInstalled() {
        Gson current = installed;
        return current != null && JSON.getGson() == current;
    }

    /** The Gson that the last {@link #install()} replaced (client-java's own, unless someone else set one); null before. */
    static Gson replaced() {
        return replaced;
    }

    /**
     * The tolerant counterpart of client-java's Gson: its base builder and scalar adapters, none of the models'
     * validating factories.
     */
    static Gson tolerantVersionOf(Gson strict) {
        GsonBuilder builder = JSON.createGson();
        for (Class<?> scalar : SCALARS) {
            builder.registerTypeAdapter(scalar, strict.getAdapter(scalar));
        }
        return builder.create();
    }
}
