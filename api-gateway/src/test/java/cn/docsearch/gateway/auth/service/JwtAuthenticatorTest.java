package cn.docsearch.gateway.auth.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** A provider's fixed public key, as an operator pastes it from the provider's console: PEM, RSA or EC. */
class JwtAuthenticatorTest {

    @Test
    void readsRsaAndEcPublicKeysInPem() throws Exception {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";

            assertThat(JwtAuthenticator.publicKey(pem)).as(algorithm).isEqualTo(pair.getPublic());
        }
    }

    @Test
    void tellsTokensFromApiKeys() {
        assertThat(JwtAuthenticator.looksLikeToken("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")).isTrue();
        assertThat(JwtAuthenticator.looksLikeToken("dsk_3q2-7w9Xc0yTQh_LKf8aZm1nE4rB6uV5")).isFalse();
    }
}
