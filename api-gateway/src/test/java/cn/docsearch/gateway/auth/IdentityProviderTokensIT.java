package cn.docsearch.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import cn.docsearch.gateway.KafkaTestResource;
import cn.docsearch.gateway.ServicesDown;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * Tokens of an identity provider the gateway trusts (its JWKS served over HTTP, as Keycloak or Entra ID serve theirs)
 * give the role and collections their claims name, beside API keys; a token expired, of another issuer, signed by
 * another key or naming no docsearch role is refused with a 401 problem.
 */
@QuarkusTest
@TestProfile(IdentityProviderTokensIT.TrustedProvider.class)
@WithTestResource(KafkaTestResource.class)
class IdentityProviderTokensIT {
    private static final String ISSUER = "https://sso.example.gov.cn/realms/office";
    private static final String AUDIENCE = "docsearch-api";
    private static final RsaJsonWebKey PROVIDER_KEY = signingKey("office-2026");
    private static final RsaJsonWebKey OTHER_KEY = signingKey("office-2026");

    /** The gateway's settings with the provider's JWKS served from a local HTTP server of the test. */
    public static class TrustedProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new ServicesDown().getConfigOverrides());
            config.put("gateway.auth.jwt.issuer", ISSUER);
            config.put("gateway.auth.jwt.jwks-url", serveJwks());
            config.put("gateway.auth.jwt.audience", AUDIENCE);
            return config;
        }
    }

    @BeforeEach
    void providerKeysFetchedAndKeysTopicRead() throws InterruptedException {
        awaitKeysRead(token(ISSUER, PROVIDER_KEY, "ops", List.of("docsearch-admin"), List.of("*"), 300));
    }

    @Test
    void aTokensGroupsGiveItsRole() {
        String admin = token(ISSUER, PROVIDER_KEY, "zhang.wei", List.of("staff", "docsearch-reader", "docsearch-admin"),
                List.of("*"), 300);
        given().header("Authorization", "Bearer " + admin).get("/api/v1/admin/keys").then().statusCode(200);

        String reader = token(ISSUER, PROVIDER_KEY, "li.na", List.of("docsearch-reader"), List.of("*"), 300);
        given().header("Authorization", "Bearer " + reader).get("/api/v1/admin/keys").then().statusCode(403)
                .body("type", equalTo("urn:docsearch:problem:forbidden"));

        // API keys keep working beside tokens
        given().header("X-API-Key", KafkaTestResource.ADMIN_KEY).get("/api/v1/admin/keys").then().statusCode(200);
    }

    @Test
    void aTokensCollectionsBoundWhereItWrites() {
        String writer = token(ISSUER, PROVIDER_KEY, "wang.fang", List.of("docsearch-writer"), List.of("财务"), 300);
        given().header("Authorization", "Bearer " + writer).contentType(ContentType.JSON)
                .body(Map.of("title", "人事通知", "content", "关于年度考核的通知。", "collection", "人事"))
                .post("/api/v1/documents").then().statusCode(403)
                .body("type", equalTo("urn:docsearch:problem:collection-forbidden"));
    }

    @Test
    void tokensThatCannotBeTrustedAreRefused() {
        assertRefused(token(ISSUER, PROVIDER_KEY, "zhao.lei", List.of("docsearch-admin"), List.of("*"), -600), "expired");
        assertRefused(token("https://elsewhere.example/realms/x", PROVIDER_KEY, "zhao.lei", List.of("docsearch-admin"),
                List.of("*"), 300), "not valid");
        // the same key id, another key: the signature does not verify
        assertRefused(token(ISSUER, OTHER_KEY, "zhao.lei", List.of("docsearch-admin"), List.of("*"), 300), "not valid");
        assertRefused(token(ISSUER, PROVIDER_KEY, "zhao.lei", List.of("staff"), List.of("*"), 300), "no docsearch role");
        // issued to another application of the same provider
        JwtClaims otherApplication = claims(ISSUER, "zhao.lei", List.of("docsearch-admin"), List.of("*"), 300);
        otherApplication.setAudience("expense-claims");
        assertRefused(sign(otherApplication, PROVIDER_KEY, AlgorithmIdentifiers.RSA_USING_SHA256), "not valid");
        // unsigned ("alg": "none")
        JsonWebSignature unsigned = new JsonWebSignature();
        unsigned.setPayload(claims(ISSUER, "zhao.lei", List.of("docsearch-admin"), List.of("*"), 300).toJson());
        unsigned.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        unsigned.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        assertRefused(compact(unsigned), "not valid");
    }

    /**
     * Listing keys answers 503 'starting' until this gateway has read the keys topic, and tokens are refused until it has
     * fetched the provider's keys: both a moment after start-up.
     */
    private static void awaitKeysRead(String token) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            io.restassured.response.Response answer = given().header("Authorization", "Bearer " + token)
                    .get("/api/v1/admin/keys");
            return answer.statusCode() != 503 && !answer.asString().contains("not been fetched yet");
        });
    }

    private static void assertRefused(String token, String reason) {
        given().header("Authorization", "Bearer " + token).get("/api/v1/search?q=通知").then().statusCode(401)
                .contentType(containsString("application/problem+json"))
                .body("type", equalTo("urn:docsearch:problem:invalid-token"))
                .body("detail", containsString(reason));
    }

    private static String token(String issuer, RsaJsonWebKey key, String subject, List<String> groups,
                                List<String> collections, int expiresInSeconds) {
        return sign(claims(issuer, subject, groups, collections, expiresInSeconds), key, AlgorithmIdentifiers.RSA_USING_SHA256);
    }

    private static JwtClaims claims(String issuer, String subject, List<String> groups, List<String> collections,
                                    int expiresInSeconds) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromSeconds(NumericDate.now().getValue() + expiresInSeconds));
        claims.setStringListClaim("groups", groups);
        claims.setStringListClaim("docsearch_collections", collections);
        return claims;
    }

    private static String sign(JwtClaims claims, RsaJsonWebKey key, String algorithm) {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setKey(key.getPrivateKey());
        signature.setKeyIdHeaderValue(key.getKeyId());
        signature.setAlgorithmHeaderValue(algorithm);
        return compact(signature);
    }

    private static String compact(JsonWebSignature signature) {
        try {
            return signature.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RsaJsonWebKey signingKey(String id) {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(id);
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the provider's public key set until the test JVM exits; returns its address. */
    private static String serveJwks() {
        try {
            byte[] jwks = new JsonWebKeySet(PROVIDER_KEY).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/realms/office/protocol/openid-connect/certs", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/office/protocol/openid-connect/certs";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
