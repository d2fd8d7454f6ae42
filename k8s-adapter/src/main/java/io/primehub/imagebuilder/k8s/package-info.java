/**
 * The Kubernetes side of the image builder: the CRDs, the controller and the operations an embedding service uses.
 *
 * <h2>How the controller works</h2>
 * <ul>
 *   <li>{@link io.primehub.imagebuilder.k8s.ImageBuilderController} runs three informers (ImageSpec, ImageSpecJob,
 *       build pods labelled {@code app=primehub-custom-image}) with no resync, and two controllers of
 *       client-java-extended, each with its own {@code DefaultRateLimitingQueue}: specs (woken by specs and their jobs)
 *       and jobs (woken by jobs and their pods). Reconcilers read the informers' caches, ask the domain's pure
 *       decision functions ({@code domain.reconcile}) what to do, and apply that. A 409 or any API error re-queues the
 *       object with exponential back-off.</li>
 *   <li>Writes happen only when something changed: a status is written (JSON merge patch of the status subresource,
 *       guarded by the resourceVersion the decision was made from) only when the decided status differs from the
 *       observed one, and a condition's {@code lastTransitionTime} moves only when its status does.</li>
 *   <li>Build pods have deterministic names, {@code <job>-<5 hex of SHA-1(updateTime)>}: creating one is idempotent
 *       (409 AlreadyExists means it is there), so a controller restarted at any point never makes a second pod.</li>
 *   <li>Rebuilds: PrimeHub's console asks for one by changing {@code ImageSpec.spec.updateTime}. The spec reconciler
 *       copies the new value to the job of the same revision; the job's pod name then differs from the one its
 *       status records, so the job reconciler creates the new attempt's pod, resets the job to Pending and deletes
 *       the previous attempt's pod. One job per revision stays the rule.</li>
 *   <li>A job's {@code status.podName} is written only once its pod was created (or the job was cancelled), so a
 *       recorded pod that is gone (confirmed by a live read, not just the cache) means someone deleted it: the job
 *       fails with {@code PodDeleted} instead of hanging.</li>
 *   <li>Older revisions' unfinished jobs are cancelled by writing their status ({@code Cancelled}, reason
 *       {@code Superseded}); the job reconciler then deletes their pods.</li>
 *   <li>Registry settings are read through {@link io.primehub.imagebuilder.domain.port.RegistryCredentials} on every
 *       reconcile; the push secret is brought in step with them whenever a build pod is made. Settings loaded from
 *       the environment change with a restart, which re-reconciles every spec.</li>
 *   <li>Events (core/v1) on specs: {@code BuildStarted}, {@code BuildSucceeded}, {@code AlreadyBuilt},
 *       {@code BuildFailed}, {@code InvalidSpec}, {@code RegistryNotConfigured}; their messages come from statuses,
 *       which carry no secret (the build script redacts credentials from what it prints).</li>
 * </ul>
 */
package io.primehub.imagebuilder.k8s;
