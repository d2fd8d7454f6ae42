package io.primehub.imagebuilder.it.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA that exists only for one test, and a server certificate it signed for {@code 127.0.0.1}, made with the
 * JDK's {@code keytool} (no other tool needed): the CA as PEM (what a CA bundle ConfigMap holds), the server's chain and
 * key as PEM (for {@code docker-registry}), and an {@link SSLContext} that serves with it (for the JDK's HTTPS server).
 *
 * @param caPem          the CA certificate, PEM
 * @param serverChainPem the server certificate, then the CA's, PEM
 * @param serverKeyPem   the server's private key, PKCS#8 PEM
 * @param serverTls      serves as {@code 127.0.0.1} with that chain
 * @param clientTls      trusts the CA alone
 */
record TestCertificates(
        Path caPem, Path serverChainPem, Path serverKeyPem, SSLContext serverTls, SSLContext clientTls) {

    private static final String PASSWORD = "test-keystore";

    static TestCertificates make(Path dir) {
        try {
            Files.createDirectories(dir);
            Path ca = dir.resolve("ca.p12");
            Path server = dir.resolve("server.p12");
            Path caPem = dir.resolve("ca.pem");
            keytool(
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=PrimeHub IT CA",
                    "-ext",
                    "bc:c",
                    "-ext",
                    "ku:c=keyCertSign,cRLSign",
                    "-validity",
                    "2",
                    "-keystore",
                    ca.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD);
            keytool(
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    caPem.toString());
            keytool(
                    "-genkeypair",
                    "-alias",
                    "server",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-dname",
                    "CN=127.0.0.1",
                    "-validity",
                    "2",
                    "-keystore",
                    server.toString(),
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    PASSWORD);
            keytool(
                    "-certreq",
                    "-alias",
                    "server",
                    "-keystore",
                    server.toString(),
                    "-storepass",
                    PASSWORD,
                    "-file",
                    dir.resolve("server.csr").toString());
            keytool(
                    "-gencert",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca.toString(),
                    "-storepass",
                    PASSWORD,
                    "-infile",
                    dir.resolve("server.csr").toString(),
                    "-outfile",
                    dir.resolve("server.pem").toString(),
                    "-rfc",
                    "-validity",
                    "2",
                    "-ext",
                    "san=ip:127.0.0.1",
                    "-ext",
                    "eku=serverAuth",
                    "-ext",
                    "ku:c=digitalSignature,keyEncipherment");
            keytool(
                    "-importcert",
                    "-alias",
                    "ca",
                    "-file",
                    caPem.toString(),
                    "-keystore",
                    server.toString(),
                    "-storepass",
                    PASSWORD,
                    "-noprompt");
            keytool(
                    "-importcert",
                    "-alias",
                    "server",
                    "-file",
                    dir.resolve("server.pem").toString(),
                    "-keystore",
                    server.toString(),
                    "-storepass",
                    PASSWORD);

            KeyStore keys = load(server);
            Key key = keys.getKey("server", PASSWORD.toCharArray());
            List<String> chain = new ArrayList<>();
            for (Certificate certificate : keys.getCertificateChain("server")) {
                chain.add(pem("CERTIFICATE", certificate.getEncoded()));
            }
            Path chainPem = Files.writeString(dir.resolve("server-chain.pem"), String.join("", chain));
            Path keyPem = Files.writeString(dir.resolve("server-key.pem"), pem("PRIVATE KEY", key.getEncoded()));

            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD.toCharArray());
            SSLContext serverTls = SSLContext.getInstance("TLS");
            serverTls.init(keyManagers.getKeyManagers(), null, null);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", load(ca).getCertificate("ca"));
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext clientTls = SSLContext.getInstance("TLS");
            clientTls.init(null, trustManagers.getTrustManagers(), null);
            return new TestCertificates(caPem, chainPem, keyPem, serverTls, clientTls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the test's certificates", e);
        }
    }

    private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
