package io.primehub.imagebuilder.app.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.primehub.imagebuilder.app.config.HealthSettings;
import io.primehub.imagebuilder.app.config.LeaderElectionSettings;
import io.primehub.imagebuilder.app.embed.ControllerService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime without leader election, against a stand-in API server that answers {@code /version} only: what
 * happens before the Lease is in play. Leader election itself is proven against a real API server
 * ({@code it/app/LeaderElectionIT}).
 */
class ControllerRuntimeTest {

    private static final HealthSettings LOOPBACK = new HealthSettings("127.0.0.1", 0);
    private static final LeaderElectionSettings NO_ELECTION = new LeaderElectionSettings(
            false,
            "lease",
            "default",
            "me",
            LeaderElectionSettings.DEFAULT_LEASE_DURATION,
            LeaderElectionSettings.DEFAULT_RENEW_DEADLINE,
            LeaderElectionSettings.DEFAULT_RETRY_PERIOD);

    private static final String VERSION = "{\"major\":\"1\",\"minor\":\"30\",\"gitVersion\":\"v1.30.0\","
            + "\"gitCommit\":\"0000000000000000000000000000000000000000\",\"gitTreeState\":\"clean\","
            + "\"buildDate\":\"2024-01-01T00:00:00Z\",\"goVersion\":\"go1.22.0\",\"compiler\":\"gc\","
            + "\"platform\":\"linux/amd64\"}";

    private HttpServer apiServer;
    private final FakeController controller = new FakeController();
    private final List<Integer> exits = new ArrayList<>();

    @BeforeEach
    void startApiServer() throws IOException {
        // IPv4's loopback, not InetAddress.getLoopbackAddress(): the client's URLs below name 127.0.0.1
        apiServer = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        apiServer.createContext("/version", exchange -> {
            byte[] body = VERSION.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        apiServer.start();
    }

    @AfterEach
    void stopApiServer() {
        apiServer.stop(0);
    }

    @Test
    void startsTheControllerAtOnceWhenLeaderElectionIsOff() {
        try (ControllerRuntime runtime = runtime(false, client -> {})) {
            runtime.start();

            assertEquals(1, controller.starts.get());
            assertTrue(runtime.isLeading());
            assertEquals(Readiness.ready("ready"), runtime.readiness());
        }
        assertEquals(1, controller.stops.get());
        assertEquals(List.of(), exits);
    }

    @Test
    void isNotReadyWhileTheControllersCachesSync() {
        controller.ready = false;
        try (ControllerRuntime runtime = runtime(false, client -> {})) {
            runtime.start();

            assertFalse(runtime.readiness().ready());
            assertEquals(
                    "leading; the controller's caches are syncing",
                    runtime.readiness().detail());
        }
    }

    @Test
    void installsTheCrdsBeforeStartingTheControllerWhenAsked() {
        List<String> steps = new ArrayList<>();
        controller.onStart = () -> steps.add("controller");
        try (ControllerRuntime runtime = runtime(true, client -> steps.add("crds"))) {
            runtime.start();
        }
        assertEquals(List.of("crds", "controller"), steps);
    }

    @Test
    void failsToStartWithTheReasonWhenTheCrdsCannotBeInstalled() {
        ControllerRuntime runtime = runtime(true, client -> {
            throw new IllegalStateException("forbidden: customresourcedefinitions");
        });

        ControllerStartupException e = assertThrows(ControllerStartupException.class, runtime::start);

        assertTrue(
                e.getMessage().startsWith("cannot install the CRDs (forbidden: customresourcedefinitions)"),
                e.getMessage());
        assertEquals(0, controller.starts.get());
        assertThrows(IllegalStateException.class, runtime::healthPort);
    }

    @Test
    void failsToStartNamingTheApiServerItCannotReach() {
        apiServer.stop(0);
        ControllerRuntime runtime = runtime(false, client -> {});

        ControllerStartupException e = assertThrows(ControllerStartupException.class, runtime::start);

        assertTrue(
                e.getMessage().startsWith("cannot reach the Kubernetes API server at http://127.0.0.1:"),
                e.getMessage());
        assertEquals(0, controller.starts.get());
    }

    @Test
    void startsOnlyOnce() {
        try (ControllerRuntime runtime = runtime(false, client -> {})) {
            runtime.start();

            assertThrows(IllegalStateException.class, runtime::start);
        }
    }

    @Test
    void reportsStoppingOnceClosed() {
        ControllerRuntime runtime = runtime(false, client -> {});
        runtime.start();
        runtime.close();
        runtime.close();

        assertEquals(Readiness.notReady("stopping"), runtime.readiness());
        assertEquals(1, controller.stops.get());
    }

    private ControllerRuntime runtime(boolean installCrds, CrdInstaller crds) {
        ApiClient client = new ApiClient()
                .setBasePath("http://127.0.0.1:" + apiServer.getAddress().getPort());
        return new ControllerRuntime(LOOPBACK, NO_ELECTION, installCrds, client, controller, crds, exits::add);
    }

    private static final class FakeController implements ControllerService {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        volatile boolean running;
        volatile boolean ready = true;
        Runnable onStart = () -> {};

        @Override
        public void start() {
            starts.incrementAndGet();
            onStart.run();
            running = true;
        }

        @Override
        public void stop() {
            if (running) {
                stops.incrementAndGet();
            }
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isReady() {
            return running && ready;
        }
    }
}
