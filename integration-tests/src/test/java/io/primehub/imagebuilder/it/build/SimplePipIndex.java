package io.primehub.imagebuilder.it.build;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.net.ssl.SSLContext;

/**
 * A PEP 503 "simple" package index with one pure-Python wheel that it makes itself, served on 127.0.0.1 over HTTP or
 * HTTPS by the JDK's own server. It keeps every request line it got: a request through it as a proxy has an absolute
 * URI ({@code GET http://pypi.example.test/simple/...}), which it answers by its path, as it answers a direct one.
 */
final class SimplePipIndex implements AutoCloseable {

    /** The project name as a requirement names it; its normalized form (PEP 503) is the same. */
    static final String PROJECT = "primehub-it-probe";

    static final String VERSION = "1.0";
    /** The module the wheel installs, and what it holds. */
    static final String MODULE_FILE = "primehub_it_probe.py";

    static final String MODULE_TEXT = "GREETING = 'installed from the index the build was told about'\n";
    static final String WHEEL_FILE = "primehub_it_probe-" + VERSION + "-py3-none-any.whl";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String scheme;
    private final byte[] wheel;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private SimplePipIndex(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        this.wheel = wheel();
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A plain-HTTP index on 127.0.0.1 (pip takes loopback as a secure origin). */
    static SimplePipIndex http() {
        try {
            return new SimplePipIndex(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTPS index on 127.0.0.1 with the certificate {@code tls} holds. */
    static SimplePipIndex https(SSLContext tls) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new SimplePipIndex(server, "https");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http[s]://127.0.0.1:PORT}. */
    String origin() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:PORT}, as a proxy. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every request line so far, {@code METHOD URI} as it was sent. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        String type = "text/html";
        if (path.equals("/simple/") || path.equals("/simple")) {
            body = page("<a href=\"" + PROJECT + "/\">" + PROJECT + "</a>");
        } else if (path.equals("/simple/" + PROJECT + "/") || path.equals("/simple/" + PROJECT)) {
            body = page("<a href=\"/files/" + WHEEL_FILE + "#sha256="
                    + HexFormat.of().formatHex(sha256(wheel)) + "\">" + WHEEL_FILE + "</a>");
        } else if (path.equals("/files/" + WHEEL_FILE)) {
            body = wheel;
            type = "application/octet-stream";
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static byte[] page(String links) {
        return ("<!DOCTYPE html>\n<html><body>\n" + links + "\n</body></html>\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A wheel is a zip: the module, and {@code <name>-<version>.dist-info/} with METADATA, WHEEL and RECORD. */
    private static byte[] wheel() {
        String distInfo = "primehub_it_probe-" + VERSION + ".dist-info/";
        byte[] module = MODULE_TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] metadata = ("Metadata-Version: 2.1\nName: " + PROJECT + "\nVersion: " + VERSION
                        + "\nSummary: made by the image builder's tests\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] wheelInfo = "Wheel-Version: 1.0\nGenerator: primehub-it\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8);
        String record = recordLine(MODULE_FILE, module) + recordLine(distInfo + "METADATA", metadata)
                + recordLine(distInfo + "WHEEL", wheelInfo) + distInfo + "RECORD,,\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, MODULE_FILE, module);
            put(zip, distInfo + "METADATA", metadata);
            put(zip, distInfo + "WHEEL", wheelInfo);
            put(zip, distInfo + "RECORD", record.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String recordLine(String path, byte[] content) {
        return path + ",sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(content)) + ","
                + content.length + "\n";
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
