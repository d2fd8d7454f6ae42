package io.primehub.imagebuilder.it.cluster;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Kubernetes API server with the project's CRDs installed.
 *
 * <p>One control plane serves the whole test run (see {@link KubernetesClusterExtension}); which one is chosen by
 * {@code IT_CLUSTER} (docs/testing-control-plane.md). Test methods, constructors and lifecycle methods may declare
 * parameters of these types:
 * <ul>
 *   <li>{@link io.kubernetes.client.openapi.ApiClient}: a new client, authenticated as cluster admin;</li>
 *   <li>{@link TestNamespace}: a namespace made for this test and deleted after it;</li>
 *   <li>{@link TestCluster}: the running cluster, e.g. for {@link TestCluster#kubeconfig()} to hand to a controller
 *       process that the test starts.</li>
 * </ul>
 *
 * <pre>{@code
 * @KubernetesCluster
 * class ImageSpecReconcilerIT {
 *     @Test
 *     void createsAJobForANewSpec(ApiClient client, TestNamespace namespace) { ... }
 * }
 * }</pre>
 */
@Documented
@Inherited
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubernetesClusterExtension.class)
public @interface KubernetesCluster {}
