package io.primehub.imagebuilder.app.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UserAgentTest {

    @Test
    void everyRequestNamesTheApplicationAndItsVersion() throws Exception {
        List<String> agents = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            agents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            byte[] body = "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            ApiClient client = new ApiClient();
            client.setBasePath("http://127.0.0.1:" + server.getAddress().getPort());
            UserAgent.install(client);
            new CoreV1Api(client).listNamespace().execute();
            // a client derived from its HTTP client, as the controller's watch client is, says the same
            ApiClient derived = new ApiClient(client.getHttpClient());
            derived.setBasePath(client.getBasePath());
            new CoreV1Api(derived).listNamespace().execute();
        } finally {
            server.stop(0);
        }
        assertEquals(List.of(UserAgent.value(), UserAgent.value()), agents);
        assertTrue(UserAgent.value().matches("primehub-image-builder/[0-9A-Za-z.-]+"), UserAgent.value());
    }
}
