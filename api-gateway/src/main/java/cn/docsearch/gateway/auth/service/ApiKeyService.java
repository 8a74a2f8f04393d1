package cn.docsearch.gateway.auth.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import cn.docsearch.contract.CollectionNames;
import cn.docsearch.gateway.api.Problem;
import cn.docsearch.gateway.api.ProblemException;
import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.auth.event.ApiKeyRecord;
import cn.docsearch.gateway.auth.kafka.ApiKeyTopic;
import cn.docsearch.gateway.config.GatewayConfig;

/** Creates, lists and revokes API keys, and tells who a secret belongs to. */
@ApplicationScoped
public class ApiKeyService {
    /** Secrets start with this, so that a leaked one is recognisable (secret scanners, logs). */
    static final String SECRET_PREFIX = "dsk_";
    static final String BOOTSTRAP_KEY_ID = "bootstrap-admin";
    private static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int MAX_NAME_CHARS = 200;
    private static final int MAX_COLLECTIONS = 100;
    private static final int MAX_REQUESTS_PER_SECOND = 100_000;
    /** The answer while the keys have not been read from Kafka yet. */
    public static final Problem STARTING = new Problem("urn:docsearch:problem:starting", "Starting", 503,
            "The gateway is still reading its keys from Kafka; try again in a few seconds");

    private final ApiKeyTopic keys;
    private final Optional<String> bootstrapHash;
    private final RateLimiter rateLimiter;
    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();

    public ApiKeyService(ApiKeyTopic keys, GatewayConfig config, RateLimiter rateLimiter) {
        this.keys = keys;
        this.bootstrapHash = config.auth().bootstrapAdminKey().filter(key -> !key.isBlank()).map(ApiKeyService::hash);
        this.rateLimiter = rateLimiter;
    }

    /** What a presented secret stands for. */
    public interface Authentication {
    }

    public record Authenticated(Caller caller) implements Authentication {
    }

    /** No valid key has this secret (never issued, or revoked). */
    public record Refused(String reason) implements Authentication {
    }

    /** The keys have not been read from Kafka yet: the secret may be valid. */
    public record NotReady() implements Authentication {
    }

    public Authentication authenticate(String secret) {
        String presented = hash(secret);
        if (bootstrapHash.isPresent() && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
                bootstrapHash.get().getBytes(StandardCharsets.US_ASCII))) {
            return new Authenticated(new Caller(BOOTSTRAP_KEY_ID, "bootstrap admin key", Role.ADMIN,
                    List.of(CollectionNames.ALL), 0, 0));
        }
        Optional<ApiKeyRecord> key = keys.bySecretHash(presented);
        if (key.isEmpty()) {
            return keys.isReady() ? new Refused("The API key is not valid") : new NotReady();
        }
        if (key.get().revoked()) {
            return new Refused("The API key was revoked at " + key.get().revokedAt());
        }
        ApiKeyRecord record = key.get();
        RateLimiter.Limit limit = rateLimiter.limitOf(record.requestsPerSecond());
        return new Authenticated(new Caller(record.id(), record.name(), record.role(), record.collections(),
                limit.requestsPerSecond(), limit.burst()));
    }

    /** A new key and its secret, which is shown this once and stored only as its hash. */
    public record Issued(ApiKeyRecord key, String secret) {
    }

    public Issued create(Caller by, String name, Role role, List<String> collections, Integer requestsPerSecond) {
        requireReady();
        if (name == null || name.isBlank() || name.length() > MAX_NAME_CHARS) {
            throw invalid("'name' is required, at most " + MAX_NAME_CHARS + " characters");
        }
        if (role == null) {
            throw invalid("'role' is required: reader, writer or admin");
        }
        List<String> scope = collections == null || collections.isEmpty() ? List.of(CollectionNames.DEFAULT)
                : List.copyOf(new LinkedHashSet<>(collections));
        if (scope.size() > MAX_COLLECTIONS || !scope.stream().allMatch(c -> c != null
                && (CollectionNames.ALL.equals(c) || COLLECTION.matcher(c).matches()))) {
            throw invalid("'collections' are at most " + MAX_COLLECTIONS + " names of lower-case letters, digits, '-' "
                    + "and '_' (up to 64 characters), or \"*\" for all");
        }
        if (!by.collections().contains(CollectionNames.ALL) && !by.collections().containsAll(scope)) {
            throw new ProblemException(new Problem("urn:docsearch:problem:forbidden", "Forbidden", 403,
                    "A key may only be given collections its creator's key has"));
        }
        if (requestsPerSecond != null && (requestsPerSecond < 1 || requestsPerSecond > MAX_REQUESTS_PER_SECOND)) {
            throw invalid("'requestsPerSecond' is between 1 and " + MAX_REQUESTS_PER_SECOND);
        }
        String secret = SECRET_PREFIX + token(32);
        ApiKeyRecord key = new ApiKeyRecord(ApiKeyRecord.SCHEMA_VERSION, "key_" + HexFormat.of().formatHex(bytes(8)),
                name.strip(), role, scope, hash(secret), requestsPerSecond, clock.instant(), by.keyId(), null, null);
        store(key);
        return new Issued(key, secret);
    }

    /** Every key, revoked ones included, the newest first. */
    public List<ApiKeyRecord> list() {
        requireReady();
        return keys.all().stream().sorted(Comparator.comparing(ApiKeyRecord::createdAt).reversed()).toList();
    }

    /**
     * Revokes a key at once; revoking a revoked key changes nothing.
     *
     * @return the key as it now is, empty when there is no such key
     */
    public Optional<ApiKeyRecord> revoke(Caller by, String id) {
        requireReady();
        Optional<ApiKeyRecord> key = keys.byId(id);
        if (key.isEmpty() || key.get().revoked()) {
            return key;
        }
        ApiKeyRecord revoked = key.get().revoke(Instant.now(clock), by.keyId());
        store(revoked);
        return Optional.of(revoked);
    }

    private void store(ApiKeyRecord key) {
        try {
            keys.write(key);
        } catch (ApiKeyTopic.KeyStoreUnavailableException e) {
            throw new ProblemException(new Problem("urn:docsearch:problem:service-unavailable", "Service unavailable", 503,
                    "Kafka did not take the key's change in time; nothing changed, try again"));
        }
    }

    private void requireReady() {
        if (!keys.isReady()) {
            throw new ProblemException(STARTING);
        }
    }

    /** A key request the API refuses as malformed. */
    public static ProblemException invalid(String detail) {
        return new ProblemException(new Problem("urn:docsearch:problem:invalid-api-key-request", "Invalid key request",
                400, detail));
    }

    private String token(int length) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
