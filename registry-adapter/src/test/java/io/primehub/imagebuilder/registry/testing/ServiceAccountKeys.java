package io.primehub.imagebuilder.registry.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Google service-account keys shaped like the real ones, as a registry password for user {@code _json_key}. */
public final class ServiceAccountKeys {

    private static String cached;

    private ServiceAccountKeys() {}

    /**
     * A one-line JSON key whose {@code private_key} is a real PKCS#8 RSA key in PEM, so the line holds
     * {@code \n} escapes, '/', '+', '=' and '"' exactly where a downloaded key has them.
     */
    public static synchronized String oneLineJsonKey() {
        if (cached == null) {
            cached = generate();
        }
        return cached;
    }

    private static String generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            String body = Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
            String pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
            ObjectNode key = new ObjectMapper()
                    .createObjectNode()
                    .put("type", "service_account")
                    .put("project_id", "primehub-demo-314159")
                    .put("private_key_id", "6f1c3a9e2b7d4c5f8a0e1d2c3b4a596877665544")
                    .put("private_key", pem)
                    .put("client_email", "image-builder@primehub-demo-314159.iam.gserviceaccount.com")
                    .put("client_id", "104857600123456789012")
                    .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                    .put("token_uri", "https://oauth2.googleapis.com/token")
                    .put("auth_provider_x509_cert_url", "https://www.googleapis.com/oauth2/v1/certs")
                    .put(
                            "client_x509_cert_url",
                            "https://www.googleapis.com/robot/v1/metadata/x509/"
                                    + "image-builder%40primehub-demo-314159.iam.gserviceaccount.com")
                    .put("universe_domain", "googleapis.com");
            return new ObjectMapper().writeValueAsString(key);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key as a double-quoted {@code .env} value: every '\' and '"' escaped. */
    public static String asDoubleQuotedDotEnvValue(String jsonKey) {
        return "\"" + jsonKey.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
