package cn.docsearch.gateway.auth.service;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Bearer tokens from an organisation's identity provider (JWT, signed with an RSA or EC key), mapped to the same roles
 * and collections as API keys: the role is the highest one named in the role claim (with the configured prefix, for
 * example {@code docsearch-writer} in {@code groups}), the collections are those of the collections claim ({@code *}
 * for all; the default collection when the token names none). The token's issuer, signature (RSA and EC algorithms
 * only), expiry and (when set) audience are checked. The signing keys come from configuration (a PEM public key) or
 * from the provider's JWKS address. The JWKS is fetched by a thread of its own at start-up and every
 * {@value #KEYS_REFRESH_MINUTES} minutes, and at most every {@value #UNKNOWN_KEY_REPRIEVE_SECONDS} s when a token names
 * a key not in it (the provider rotated its keys): a request never waits for the provider, which may be slow or down,
 * and tokens with made-up key ids cannot make the gateway fetch. Off unless an issuer and a key source are configured.
 * Built at start-up, so that a setting that cannot work stops the gateway instead of failing its requests.
 */
@ApplicationScoped
public class JwtAuthenticator {
    private static final Logger LOG = Logger.getLogger(JwtAuthenticator.class);
    /** A caller's id for the audit trail and its Idempotency-Keys: the token's subject, apart from API key ids. */
    static final String CALLER_ID_PREFIX = "jwt:";
    static final String KEYS_NOT_FETCHED = "The identity provider's keys have not been fetched yet; try again shortly";
    private static final int KEYS_REFRESH_MINUTES = 10;
    private static final int UNKNOWN_KEY_REPRIEVE_SECONDS = 30;
    private static final int FETCH_TIMEOUT_MILLIS = 3000;
    private static final String[] ALGORITHMS = {AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
        AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
        AlgorithmIdentifiers.RSA_PSS_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384, AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512};

    private final GatewayConfig.Auth.Jwt config;
    /** Tokens carry no rate of their own: the configured default. */
    private final RateLimiter.Limit rateLimit;
    private final JwtConsumer consumer;
    /** The provider's current keys (JWKS only; null until the first fetch succeeded). */
    private final AtomicReference<VerificationKeyResolver> fetchedKeys = new AtomicReference<>();
    private final AtomicLong lastFetchNanos = new AtomicLong();
    private final ScheduledExecutorService keyFetcher;

    public JwtAuthenticator(GatewayConfig config, RateLimiter rateLimiter) throws GeneralSecurityException {
        this.config = config.auth().jwt();
        this.rateLimit = rateLimiter.limitOf(null);
        if (this.config.issuer().isEmpty() || (this.config.publicKey().isEmpty() && this.config.jwksUrl().isEmpty())) {
            this.consumer = null;
            this.keyFetcher = null;
            return;
        }
        JwtConsumerBuilder builder = new JwtConsumerBuilder().setRequireExpirationTime().setRequireSubject()
                .setAllowedClockSkewInSeconds((int) this.config.clockSkew().toSeconds())
                .setExpectedIssuer(this.config.issuer().get())
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, ALGORITHMS));
        if (this.config.audience().isPresent()) {
            builder.setExpectedAudience(this.config.audience().get());
        } else {
            builder.setSkipDefaultAudienceValidation();
            LOG.warnf("gateway.auth.jwt.audience is not set: any token of %s is accepted, also one issued to another "
                    + "application of the same provider", this.config.issuer().get());
        }
        if (this.config.publicKey().isPresent()) {
            builder.setVerificationKey(publicKey(this.config.publicKey().get()));
            this.keyFetcher = null;
        } else {
            URI jwks = URI.create(this.config.jwksUrl().get());
            if (!"https".equals(jwks.getScheme()) && !isLoopback(jwks)) {
                throw new IllegalStateException("gateway.auth.jwt.jwks-url must be https (or on this host): " + jwks);
            }
            builder.setVerificationKeyResolver(this::resolveFetchedKey);
            this.keyFetcher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "jwks-fetcher");
                thread.setDaemon(true);
                return thread;
            });
            keyFetcher.scheduleWithFixedDelay(this::fetchKeys, 0, KEYS_REFRESH_MINUTES, TimeUnit.MINUTES);
        }
        this.consumer = builder.build();
        LOG.infof("Bearer tokens of issuer %s are accepted beside API keys", this.config.issuer().get());
    }

    /** Builds this bean when the gateway starts (see the class comment). */
    void onStart(@Observes StartupEvent started) {
        // nothing more: being observed is what makes the container build it now
    }

    @PreDestroy
    void stop() {
        if (keyFetcher != null) {
            keyFetcher.shutdownNow();
        }
    }

    /** Whether tokens are accepted at all. */
    public boolean enabled() {
        return consumer != null;
    }

    /**
     * Whether the presented credential is a token rather than an API key: three dot-separated parts, the first a JSON
     * object in base64url (which always begins "eyJ"); keys have no dots.
     */
    public static boolean looksLikeToken(String credential) {
        return credential.startsWith("eyJ") && credential.chars().filter(c -> c == '.').count() == 2;
    }

    public ApiKeyService.Authentication authenticate(String token) {
        if (consumer == null) {
            return new ApiKeyService.Refused("This gateway accepts no bearer tokens, only API keys");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            if (e.hasExpired()) {
                return new ApiKeyService.Refused("The token has expired");
            }
            if (fetchedKeys.get() == null && keyFetcher != null) {
                return new ApiKeyService.Refused(KEYS_NOT_FETCHED);
            }
            return new ApiKeyService.Refused("The token is not valid here (issuer, audience, algorithm, signature or dates)");
        }
        try {
            Optional<Role> role = highestRole(claims);
            if (role.isEmpty()) {
                return new ApiKeyService.Refused("The token names no docsearch role in its '" + config.roleClaim()
                        + "' claim (expected " + config.rolePrefix() + "reader, writer or admin)");
            }
            List<String> collections = strings(claims, config.collectionsClaim());
            String subject = claims.getSubject();
            Object name = claims.getClaimValue("preferred_username");
            return new ApiKeyService.Authenticated(new Caller(CALLER_ID_PREFIX + subject,
                    name == null ? subject : name.toString(), role.get(),
                    collections.isEmpty() ? List.of(CollectionNames.DEFAULT) : collections,
                    rateLimit.requestsPerSecond(), rateLimit.burst()));
        } catch (MalformedClaimException e) {
            return new ApiKeyService.Refused("The token's claims are malformed: " + e.getMessage());
        }
    }

    private Key resolveFetchedKey(JsonWebSignature signature, List<JsonWebStructure> nested)
            throws UnresolvableKeyException {
        VerificationKeyResolver keys = fetchedKeys.get();
        if (keys == null) {
            requestFetch();
            throw new UnresolvableKeyException(KEYS_NOT_FETCHED);
        }
        try {
            return keys.resolveKey(signature, nested);
        } catch (UnresolvableKeyException unknown) {
            // a key the provider added since the last fetch; the token is refused now, the next one may pass
            requestFetch();
            throw unknown;
        }
    }

    private void requestFetch() {
        long last = lastFetchNanos.get();
        if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(UNKNOWN_KEY_REPRIEVE_SECONDS)
                && lastFetchNanos.compareAndSet(last, System.nanoTime())) {
            keyFetcher.execute(this::fetchKeys);
        }
    }

    private void fetchKeys() {
        lastFetchNanos.set(System.nanoTime());
        HttpsJwks jwks = new HttpsJwks(config.jwksUrl().orElseThrow());
        Get get = new Get();
        get.setConnectTimeout(FETCH_TIMEOUT_MILLIS);
        get.setReadTimeout(FETCH_TIMEOUT_MILLIS);
        get.setRetries(0);
        jwks.setSimpleHttpGet(get);
        try {
            fetchedKeys.set(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()));
        } catch (JoseException | IOException | RuntimeException e) {
            LOG.warnf("Could not fetch the identity provider's keys from %s (%s); the last keys stay in use",
                    jwks.getLocation(), e.toString());
        }
    }

    private static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host);
    }

    private Optional<Role> highestRole(JwtClaims claims) {
        Role highest = null;
        for (String value : strings(claims, config.roleClaim())) {
            if (!value.startsWith(config.rolePrefix())) {
                continue;
            }
            Role role;
            try {
                role = Role.fromWireName(value.substring(config.rolePrefix().length()));
            } catch (IllegalArgumentException notARole) {
                continue;
            }
            if (highest == null || role.includes(highest)) {
                highest = role;
            }
        }
        return Optional.ofNullable(highest);
    }

    /** A claim that is one string or a list of them. */
    private static List<String> strings(JwtClaims claims, String name) {
        Object value = claims.getClaimValue(name);
        List<String> strings = new ArrayList<>();
        if (value instanceof String single) {
            strings.add(single);
        } else if (value instanceof Collection<?> many) {
            many.forEach(item -> strings.add(String.valueOf(item)));
        }
        return strings;
    }

    /** A PEM public key (RSA or EC), with or without its BEGIN/END lines. */
    static PublicKey publicKey(String pem) throws GeneralSecurityException {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }
}
