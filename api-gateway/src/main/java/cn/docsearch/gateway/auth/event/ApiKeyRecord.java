package cn.docsearch.gateway.auth.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.docsearch.gateway.auth.Role;

/**
 * One API key as topic {@code api-keys} keeps it (record key = {@link #id}, compacted: the latest record of a key is
 * its state); schema in docs/events/api-key.schema.json. The secret itself is never stored, only its SHA-256: secrets
 * are 256 random bits, so a fast hash is as safe as a slow one and costs nothing per request.
 *
 * @param secretHash        lower-case hex SHA-256 of the secret's UTF-8 bytes
 * @param requestsPerSecond this key's rate limit; null for the configured default
 * @param revokedAt         null while the key is valid
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyRecord(int schemaVersion, String id, String name, Role role, List<String> collections,
                           String secretHash, Integer requestsPerSecond, Instant createdAt, String createdBy,
                           Instant revokedAt, String revokedBy) {
    public static final int SCHEMA_VERSION = 1;

    public boolean revoked() {
        return revokedAt != null;
    }

    public ApiKeyRecord revoke(Instant at, String by) {
        return new ApiKeyRecord(SCHEMA_VERSION, id, name, role, collections, secretHash, requestsPerSecond, createdAt,
                createdBy, at, by);
    }
}
