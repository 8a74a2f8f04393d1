package cn.docsearch.gateway.auth.service;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

import cn.docsearch.gateway.auth.Caller;
import cn.docsearch.gateway.auth.Role;
import cn.docsearch.gateway.config.GatewayConfig;

/**
 * Bearer tokens from an organisation's identity provider (JWT, signed with RS256 or ES256), mapped to the same roles
 * and collections as API keys: the role is the highest one named in the role claim (with the configured prefix, for
 * example {@code docsearch-writer} in {@code groups}), the collections are those of the collections claim ({@code *}
 * for all; the default collection when the token names none). The token's issuer, signature, expiry and (when set)
 * audience are checked; the signing keys come from configuration (a PEM public key) or from the provider's JWKS
 * address, fetched and cached by jose4j. Off unless an issuer and a key source are configured.
 */
@ApplicationScoped
public class JwtAuthenticator {
    private static final Logger LOG = Logger.getLogger(JwtAuthenticator.class);
    /** A caller's id for the audit trail and its Idempotency-Keys: the token's subject, apart from API key ids. */
    static final String CALLER_ID_PREFIX = "jwt:";

    private final GatewayConfig.Auth.Jwt config;
    private final int requestsPerSecond;
    private final JwtConsumer consumer;

    public JwtAuthenticator(GatewayConfig config) throws GeneralSecurityException {
        this.config = config.auth().jwt();
        this.requestsPerSecond = config.auth().rateLimit().requestsPerSecond();
        this.consumer = consumer(this.config).orElse(null);
        if (consumer != null) {
            LOG.infof("Bearer tokens of issuer %s are accepted beside API keys", this.config.issuer().orElseThrow());
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
            return new ApiKeyService.Refused(e.hasExpired() ? "The token has expired"
                    : "The token is not valid here (issuer, audience, signature or dates)");
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
                    collections.isEmpty() ? List.of(Caller.DEFAULT_COLLECTION) : collections, requestsPerSecond));
        } catch (MalformedClaimException e) {
            return new ApiKeyService.Refused("The token's claims are malformed: " + e.getMessage());
        }
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

    private static Optional<JwtConsumer> consumer(GatewayConfig.Auth.Jwt config) throws GeneralSecurityException {
        if (config.issuer().isEmpty() || (config.publicKey().isEmpty() && config.jwksUrl().isEmpty())) {
            return Optional.empty();
        }
        JwtConsumerBuilder builder = new JwtConsumerBuilder().setRequireExpirationTime().setRequireSubject()
                .setAllowedClockSkewInSeconds((int) config.clockSkew().toSeconds())
                .setExpectedIssuer(config.issuer().get());
        if (config.audience().isPresent()) {
            builder.setExpectedAudience(config.audience().get());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        if (config.publicKey().isPresent()) {
            builder.setVerificationKey(publicKey(config.publicKey().get()));
        } else {
            builder.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(config.jwksUrl().get())));
        }
        return Optional.of(builder.build());
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
