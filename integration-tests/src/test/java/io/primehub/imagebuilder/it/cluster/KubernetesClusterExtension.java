package io.primehub.imagebuilder.it.cluster;

import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real Kubernetes API server: one per JVM, started on first use and stopped when the test run ends
 * (through the root {@link ExtensionContext.Store}) or, at the latest, when the JVM exits (a shutdown hook). Use it
 * through {@link KubernetesCluster}; parameters it resolves are listed there.
 *
 * <p>Code outside JUnit's parameter resolution (a {@code static} helper, a controller launcher) can call
 * {@link #cluster()}; the kubeconfig's path is also in the system property {@value #KUBECONFIG_PROPERTY} once the
 * cluster runs.
 *
 * <p>If no cluster can start, every test that asks for one fails with a message that says what to install; none is
 * skipped.
 */
public final class KubernetesClusterExtension implements BeforeAllCallback, ParameterResolver {

    /** System property that holds the kubeconfig path of the running cluster. */
    public static final String KUBECONFIG_PROPERTY = "primehub.it.kubeconfig";

    private static final ExtensionContext.Namespace STORE =
            ExtensionContext.Namespace.create(KubernetesClusterExtension.class);

    private static TestCluster cluster;
    private static RuntimeException startFailure;
    private static Thread shutdownHook;

    /** The running cluster, started now if this is the first call; throws, every time, if it could not start. */
    @SuppressWarnings("StaticAssignmentOfThrowable") // the cause of every later call's exception, never rethrown
    public static synchronized TestCluster cluster() {
        if (startFailure != null) {
            throw new IllegalStateException(
                    "The Kubernetes cluster for the integration tests did not start: " + startFailure.getMessage(),
                    startFailure);
        }
        if (cluster == null) {
            try {
                cluster = TestClusters.start();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            System.setProperty(KUBECONFIG_PROPERTY, cluster.kubeconfig().toString());
            shutdownHook = new Thread(KubernetesClusterExtension::stop, "kubernetes-it-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return cluster;
    }

    /** Stops the cluster if one runs; a later {@link #cluster()} starts a new one. */
    public static synchronized void stop() {
        if (cluster == null) {
            return;
        }
        TestCluster stopping = cluster;
        cluster = null;
        System.clearProperty(KUBECONFIG_PROPERTY);
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; stopping twice is harmless
            }
        }
        shutdownHook = null;
        TestClusters.log("stopping " + stopping.kind().settingValue());
        stopping.close();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        clusterFor(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ApiClient.class || type == TestNamespace.class || type == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        TestCluster running = clusterFor(context);
        if (type == TestCluster.class) {
            return running;
        }
        if (type == ApiClient.class) {
            return running.newApiClient();
        }
        if (type == TestNamespace.class) {
            String hint = context.getTestMethod()
                    .map(method -> method.getName())
                    .orElseGet(() -> context.getRequiredTestClass().getSimpleName());
            // One namespace per test (per class for a @BeforeAll or constructor parameter), deleted when the
            // context that made it closes.
            return context.getStore(STORE)
                    .getOrComputeIfAbsent(
                            TestNamespace.class, key -> running.createNamespace(hint), TestNamespace.class);
        }
        throw new ParameterResolutionException("Cannot resolve " + type.getName());
    }

    private static TestCluster clusterFor(ExtensionContext context) {
        context.getRoot()
                .getStore(STORE)
                .getOrComputeIfAbsent(StopAtEndOfRun.class, key -> new StopAtEndOfRun(), StopAtEndOfRun.class);
        return cluster();
    }

    /** Stops the cluster when JUnit closes its root store, at the end of the test run. */
    private static final class StopAtEndOfRun implements AutoCloseable {
        @Override
        public void close() {
            stop();
        }
    }
}
