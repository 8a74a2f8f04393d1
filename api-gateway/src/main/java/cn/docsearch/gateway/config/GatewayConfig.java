package cn.docsearch.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /**
     * The platform's shared token, sent to ingest-service and search-service with every call (header
     * X-Docsearch-Internal-Token); the same value as their ingest.internal-token and search.internal-token.
     */
    Optional<String> internalToken();

    Limits limits();

    Auth auth();

    Audit audit();

    /** The audit trail: every write and admin action, in a Kafka topic admins query (GET /api/v1/admin/audit). */
    interface Audit {
        @WithDefault("audit")
        String topic();

        /** How long entries are kept (the topic's retention.ms). */
        @WithDefault("400d")
        Duration retention();

        @WithDefault("1")
        short topicReplicationFactor();
    }

    /** Who may call the API: API keys, kept in a Kafka topic that every gateway instance follows. */
    interface Auth {
        /**
         * The operator's key (env GATEWAY_AUTH_BOOTSTRAP_ADMIN_KEY): an admin of every collection, not rate-limited,
         * meant to create the other keys and for bulk loads; the local launcher makes one per platform. Without it
         * nobody can create the first key.
         */
        Optional<String> bootstrapAdminKey();

        /** The compacted topic of keys (their hashes, never their secrets). */
        @WithDefault("api-keys")
        String keysTopic();

        @WithDefault("1")
        short topicReplicationFactor();

        /** How long a key's creation or revocation may wait for Kafka before it is refused with a 503. */
        @WithDefault("10s")
        Duration writeTimeout();

        RateLimit rateLimit();

        /** Bearer tokens (JWT) of an organisation's identity provider, beside API keys; off without issuer and key. */
        Jwt jwt();

        interface Jwt {
            /** The issuer ('iss') a token must carry (env GATEWAY_AUTH_JWT_ISSUER). */
            Optional<String> issuer();

            /** The provider's public key, PEM (RSA or EC), when it signs with one fixed key. */
            Optional<String> publicKey();

            /** The provider's JWKS address (env GATEWAY_AUTH_JWT_JWKS_URL): keys fetched, cached and refreshed on rotation. */
            Optional<String> jwksUrl();

            /** The audience ('aud') a token must name; unset, any. */
            Optional<String> audience();

            /** The claim naming the caller's groups; the highest docsearch role among them is its role. */
            @WithDefault("groups")
            String roleClaim();

            /** How the groups that are docsearch roles are named: this prefix and reader, writer or admin. */
            @WithDefault("docsearch-")
            String rolePrefix();

            /** The claim listing the caller's collections ('*' for all); a token without it sees the default one. */
            @WithDefault("docsearch_collections")
            String collectionsClaim();

            /** Clock difference tolerated between the provider and the gateway for expiry and not-before. */
            @WithDefault("30s")
            Duration clockSkew();
        }

        /**
         * Requests a key may make, as a token bucket per key and gateway instance; a key may carry its own rate, which
         * then bounds its burst too.
         */
        interface RateLimit {
            /** The rate of a key created without its own requestsPerSecond (and of identity-provider tokens). */
            @WithDefault("50")
            int requestsPerSecond();

            /** Requests a key without its own rate may make at once after being idle. */
            @WithDefault("100")
            int burst();

            /**
             * How much of its own rate a key with a requestsPerSecond may spend at once after being idle: one second's
             * worth by default (a key of 5 per second sends 5 at once, then one every 200 ms), at least one request.
             */
            @WithDefault("1s")
            Duration ownRateBurst();
        }
    }

    /**
     * Largest request bodies by kind, checked on Content-Length before a byte is read: a JSON or text body is read
     * whole into memory, so it is capped at what the document limits can need. Multipart uploads are streamed to disk
     * and bounded by quarkus.http.limits.max-body-size.
     */
    interface Limits {
        /** One JSON document: its text (2 million characters, up to 4 bytes each in UTF-8) and metadata. */
        @WithDefault("9437184")
        long jsonBytes();

        /** A JSON batch or batch job of up to 1000 documents; larger collections go as files or several batches. */
        @WithDefault("104857600")
        long batchJsonBytes();

        /** A plain-text document. */
        @WithDefault("8388608")
        long textBytes();

        /**
         * How long a request's body may take to arrive in full (408 beyond it): 5 minutes carry the largest upload
         * (200 MB) at 0.7 MB/s.
         */
        @WithDefault("5m")
        Duration requestBodyTimeout();
    }
}
