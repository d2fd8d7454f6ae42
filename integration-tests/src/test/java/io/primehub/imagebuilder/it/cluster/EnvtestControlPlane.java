package io.primehub.imagebuilder.it.cluster;

import static org.awaitility.Awaitility.await;

import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import okhttp3.Request;
import okhttp3.Response;
import org.awaitility.core.ConditionTimeoutException;

/**
 * etcd, kube-apiserver and kube-controller-manager on free loopback ports, as controller-runtime's envtest runs them:
 * a self-signed serving certificate, an admin client certificate ({@code system:masters}), a kubeconfig. The
 * controller manager runs the garbage collector, the namespace controller and the node lifecycle controller, so owner
 * references cascade, namespaces really delete and a node's {@code not-ready} taint goes once it is Ready.
 *
 * <p>With {@code withNode}, a real {@link TestNode} (kubelet, containerd, runc, kube-scheduler) joins; it is tainted,
 * so only pods of the namespaces a test admits run there. Elsewhere pods stay Pending until a test writes their
 * status, as before.
 *
 * <p>Everything lives in a temporary folder that {@link #close()} removes, with the processes.
 */
final class EnvtestControlPlane implements TestCluster {

    static final List<String> BINARIES = List.of("etcd", "kube-apiserver", "kube-controller-manager");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final String DIRECTORY_PREFIX = "primehub-envtest-";
    /** The test JVM's pid, in the folder: a folder whose JVM is gone (killed with KILL) is removed by the next run. */
    private static final String OWNER_FILE = "owner.pid";
    /** Every request at level Metadata (who, verb, resource; no bodies), once, when it ends. */
    private static final String AUDIT_POLICY = """
            apiVersion: audit.k8s.io/v1
            kind: Policy
            omitStages: ["RequestReceived"]
            rules:
              - level: Metadata
            """;

    private final Path directory;
    private final Path kubeconfig;
    private final String description;
    private final List<ManagedProcess> processes;
    private final TestNode node;
    private final Path auditLog;

    private EnvtestControlPlane(
            Path directory,
            Path kubeconfig,
            String description,
            List<ManagedProcess> processes,
            TestNode node,
            Path auditLog) {
        this.directory = directory;
        this.kubeconfig = kubeconfig;
        this.description = description;
        this.processes = processes;
        this.node = node;
        this.auditLog = auditLog;
    }

    /** Missing executables in {@code binaries}, empty when envtest can start from it. */
    static List<String> missingBinaries(Path binaries) {
        return BINARIES.stream()
                .filter(name -> !Files.isExecutable(binaries.resolve(name)))
                .toList();
    }

    /**
     * Starts the control plane; {@code beforeControllers} runs once the API server is ready and before the
     * controller manager starts (install CRDs there, so that the garbage collector knows them from its start). With
     * {@code audit}, the API server writes every request to {@link #auditLog()} (for the benchmarks' request counts).
     */
    static EnvtestControlPlane start(
            ControlPlaneVersions versions,
            Path binaries,
            Consumer<ApiClient> beforeControllers,
            boolean withNode,
            boolean audit) {
        List<ManagedProcess> started = new ArrayList<>();
        TestNode node = null;
        Path directory = null;
        try {
            removeLeftovers();
            directory = Files.createTempDirectory(DIRECTORY_PREFIX);
            Files.writeString(
                    directory.resolve(OWNER_FILE),
                    Long.toString(ProcessHandle.current().pid()));
            int[] ports = freeLoopbackPorts(4);
            int etcdClient = ports[0];
            int etcdPeer = ports[1];
            int apiServer = ports[2];
            int controllerManager = ports[3];
            String server = "https://127.0.0.1:" + apiServer;

            Pki pki = Pki.generate();
            Path ca = write(directory, "ca.crt", pki.ca.certificatePem());
            Path servingCert = write(directory, "serving.crt", pki.serving.certificatePem());
            Path servingKey = write(directory, "serving.key", pki.serving.privateKeyPem());
            Path saKey = write(directory, "service-account.key", Pki.pem(pki.serviceAccountSigning.getPrivate()));
            Path saPub = write(directory, "service-account.pub", Pki.pem(pki.serviceAccountSigning.getPublic()));
            // the API server's client certificate towards kubelets (pods/log): the admin's, which the node trusts
            Path kubeletClientCert = write(directory, "kubelet-client.crt", pki.admin.certificatePem());
            Path kubeletClientKey = write(directory, "kubelet-client.key", pki.admin.privateKeyPem());
            Path kubeconfig = Kubeconfig.write(
                    directory.resolve("kubeconfig"),
                    server,
                    pki.ca.certificatePem(),
                    pki.admin.certificatePem(),
                    pki.admin.privateKeyPem());

            ManagedProcess etcd = ManagedProcess.start(
                    "etcd",
                    List.of(
                            binaries.resolve("etcd").toString(),
                            "--name=primehub-it",
                            "--data-dir=" + directory.resolve("etcd-data"),
                            "--listen-client-urls=http://127.0.0.1:" + etcdClient,
                            "--advertise-client-urls=http://127.0.0.1:" + etcdClient,
                            "--listen-peer-urls=http://127.0.0.1:" + etcdPeer,
                            "--initial-advertise-peer-urls=http://127.0.0.1:" + etcdPeer,
                            "--initial-cluster=primehub-it=http://127.0.0.1:" + etcdPeer,
                            "--unsafe-no-fsync=true",
                            "--log-level=warn"),
                    directory.resolve("etcd.log"));
            started.add(etcd);
            awaitHealthy(etcd, plainHttp(), "http://127.0.0.1:" + etcdClient + "/health");

            Path auditLog = audit ? directory.resolve("audit.log") : null;
            List<String> auditFlags = !audit
                    ? List.of()
                    : List.of(
                            "--audit-policy-file=" + write(directory, "audit-policy.yaml", AUDIT_POLICY),
                            "--audit-log-path=" + auditLog,
                            // never rotated during a run (0 would mean lumberjack's 100 MB), written as each request
                            // ends
                            "--audit-log-maxsize=100000",
                            "--audit-log-mode=blocking");
            List<String> apiserverCommand = new ArrayList<>(List.of(
                    binaries.resolve("kube-apiserver").toString(),
                    "--etcd-servers=http://127.0.0.1:" + etcdClient,
                    "--bind-address=127.0.0.1",
                    "--advertise-address=127.0.0.1",
                    // the endpoint reconciler refuses a loopback address, and no pod needs to reach this server
                    "--endpoint-reconciler-type=none",
                    "--secure-port=" + apiServer,
                    "--cert-dir=" + directory,
                    "--tls-cert-file=" + servingCert,
                    "--tls-private-key-file=" + servingKey,
                    "--client-ca-file=" + ca,
                    "--authorization-mode=RBAC",
                    "--service-account-issuer=" + server,
                    "--service-account-key-file=" + saPub,
                    "--service-account-signing-key-file=" + saKey,
                    "--service-cluster-ip-range=10.0.0.0/24",
                    "--disable-admission-plugins=ServiceAccount",
                    // As hardened clusters (OpenShift among them) run it: an owner reference that blocks the owner's
                    // deletion needs update on the owner's finalizers, which deploy/rbac.yaml must grant.
                    // PodTolerationRestriction: a namespace's default tolerations, how tests admit pods to the node
                    "--enable-admission-plugins=OwnerReferencesPermissionEnforcement,PodTolerationRestriction",
                    // the node's InternalIP is the tests' bridge; its host name means nothing to this machine's
                    // resolver
                    "--kubelet-preferred-address-types=InternalIP",
                    "--kubelet-client-certificate=" + kubeletClientCert,
                    "--kubelet-client-key=" + kubeletClientKey,
                    "--allow-privileged=true",
                    "--profiling=false"));
            apiserverCommand.addAll(auditFlags);
            ManagedProcess apiserver =
                    ManagedProcess.start("kube-apiserver", apiserverCommand, directory.resolve("kube-apiserver.log"));
            started.add(apiserver);
            ApiClient client = Kubeconfig.client(kubeconfig);
            awaitReady(apiserver, client, server + "/readyz");

            beforeControllers.accept(client);

            ManagedProcess controllers = ManagedProcess.start(
                    "kube-controller-manager",
                    List.of(
                            binaries.resolve("kube-controller-manager").toString(),
                            "--kubeconfig=" + kubeconfig,
                            "--controllers=garbage-collector-controller,namespace-controller,node-lifecycle-controller",
                            "--leader-elect=false",
                            "--use-service-account-credentials=false",
                            "--bind-address=127.0.0.1",
                            "--secure-port=" + controllerManager,
                            "--cert-dir=" + directory,
                            "--tls-cert-file=" + servingCert,
                            "--tls-private-key-file=" + servingKey,
                            "--profiling=false"),
                    directory.resolve("kube-controller-manager.log"));
            started.add(controllers);
            awaitHealthy(controllers, httpsTrusting(pki), "https://127.0.0.1:" + controllerManager + "/healthz");

            if (withNode) {
                node = TestNode.start(versions, binaries, kubeconfig, ca, directory.resolve("node"), client);
            }
            String description = "envtest: kube-apiserver v" + versions.kubernetes() + ", etcd " + versions.etcd()
                    + ", kube-controller-manager (garbage collector, namespace and node lifecycle controllers) from "
                    + binaries + "; API server " + server + "; kubeconfig " + kubeconfig + "; "
                    + (node == null ? "no node" : node.description()) + (audit ? "; audit log " + auditLog : "");
            return new EnvtestControlPlane(directory, kubeconfig, description, List.copyOf(started), node, auditLog);
        } catch (RuntimeException | Error e) {
            if (node != null) {
                node.close();
            }
            stopAll(started);
            deleteRecursively(directory);
            throw e;
        } catch (IOException e) {
            if (node != null) {
                node.close();
            }
            stopAll(started);
            deleteRecursively(directory);
            throw new UncheckedIOException("Cannot start the envtest control plane", e);
        }
    }

    @Override
    public ClusterKind kind() {
        return ClusterKind.ENVTEST;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public Optional<TestNode> node() {
        return Optional.ofNullable(node);
    }

    @Override
    public Optional<Path> auditLog() {
        return Optional.ofNullable(auditLog);
    }

    @Override
    public Map<String, ProcessHandle> serverProcesses() {
        Map<String, ProcessHandle> servers = new LinkedHashMap<>();
        processes.forEach(process -> servers.put(process.name(), process.handle()));
        return servers;
    }

    @Override
    public void close() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            stopAll(processes);
            deleteRecursively(directory);
        }
    }

    private static void stopAll(List<ManagedProcess> processes) {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    /** Waits for {@code /readyz} through the admin client, which also proves the kubeconfig. */
    private static void awaitReady(ManagedProcess apiserver, ApiClient client, String url) {
        AtomicReference<String> last = new AtomicReference<>("no answer");
        awaitOrExplain(apiserver, url, last, () -> {
            try (Response response = client.getHttpClient()
                    .newCall(new Request.Builder().url(url).build())
                    .execute()) {
                last.set("HTTP " + response.code() + ": " + response.body().string());
                return response.code() == 200;
            } catch (IOException e) {
                last.set(e.toString());
                return false;
            }
        });
    }

    private static void awaitHealthy(ManagedProcess process, HttpClient http, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .build();
        AtomicReference<String> last = new AtomicReference<>("no answer");
        awaitOrExplain(process, url, last, () -> {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last.set("HTTP " + response.statusCode() + ": " + response.body());
                return response.statusCode() == 200;
            } catch (IOException e) {
                last.set(e.toString());
                return false;
            }
        });
    }

    /** Polls {@code healthy} until true; fails at once, with the process's log, when the process exits. */
    private static void awaitOrExplain(
            ManagedProcess process, String url, AtomicReference<String> lastAnswer, Callable<Boolean> healthy) {
        try {
            await(process.name() + " to answer " + url)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        process.requireAlive();
                        return healthy.call();
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    process.name() + " did not answer " + url + " with 200 within "
                            + START_TIMEOUT + "; its last answer: " + lastAnswer.get() + "\nThe end of its log:\n"
                            + process.logTail(40),
                    e);
        }
    }

    private static HttpClient plainHttp() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private static HttpClient httpsTrusting(Pki pki) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("primehub-it-ca", pki.ca.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            // HTTP/1.1: the JDK's HTTP/2 client and Go's server part with a GOAWAY on this kind of probe
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(context)
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot trust the test CA", e);
        }
    }

    /** Distinct free ports on the loopback address; all are held open together so that none repeats. */
    private static int[] freeLoopbackPorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * Removes the folders of control planes whose test JVM died without closing them: only this user's own folders
     * (not links) with an {@value #OWNER_FILE} naming a process that is gone, and nothing mounted in them. Best effort:
     * a folder it cannot judge is left, and said.
     */
    private static void removeLeftovers() {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> candidates;
        try (Stream<Path> folders = Files.list(temp)) {
            candidates = folders.filter(f -> f.getFileName().toString().startsWith(DIRECTORY_PREFIX))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            TestClusters.log("cannot look for leftovers in " + temp + ": " + e);
            return;
        }
        for (Path folder : candidates) {
            try {
                removeIfLeftOver(folder);
            } catch (IOException | UncheckedIOException e) {
                TestClusters.log("leaving " + folder + ": " + e);
            }
        }
    }

    private static void removeIfLeftOver(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                || !Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS)
                        .getName()
                        .equals(System.getProperty("user.name"))) {
            return;
        }
        Path owner = folder.resolve(OWNER_FILE);
        if (!Files.isRegularFile(owner, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String pid = Files.readString(owner).strip();
        boolean alive = pid.matches("[0-9]+")
                && ProcessHandle.of(Long.parseLong(pid))
                        .map(ProcessHandle::isAlive)
                        .orElse(false);
        if (alive) {
            return;
        }
        if (hasMounts(folder)) {
            // a node that was killed itself: run-node removes its mounts first, at the next node's start
            TestClusters.log("leaving " + folder + " (left by test JVM " + pid + "): something is mounted in"
                    + " it; integration-tests/k8s/run-node --teardown-leftovers removes it");
            return;
        }
        TestClusters.log("removing " + folder + ", left by test JVM " + pid + ", which is gone");
        deleteRecursively(folder);
    }

    private static boolean hasMounts(Path folder) throws IOException {
        String prefix = folder.toRealPath() + "/";
        try (Stream<String> mounts = Files.lines(Path.of("/proc/self/mountinfo"))) {
            return mounts.map(line -> line.split(" "))
                    .anyMatch(fields -> fields.length > 4 && fields[4].startsWith(prefix));
        }
    }

    private static Path write(Path directory, String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }

    private static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[kubernetes-it] could not remove " + directory + ": " + e);
        }
    }
}
