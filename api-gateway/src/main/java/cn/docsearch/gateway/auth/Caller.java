package cn.docsearch.gateway.auth;

import java.util.List;

/**
 * Who sent a request, as its key says.
 *
 * @param keyId             the key's id (not its secret), recorded as the author of what the caller does
 * @param collections       the collections the key may see; {@value #ALL_COLLECTIONS} for all
 * @param requestsPerSecond the key's rate limit; 0 for none
 */
public record Caller(String keyId, String name, Role role, List<String> collections, int requestsPerSecond) {
    public static final String ALL_COLLECTIONS = "*";
}
