package cn.docsearch.gateway.config;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every string the gateway reads from JSON is well-formed UTF-16: an unpaired surrogate (JSON lets a client escape one,
 * {@code "\ud800"}) becomes U+FFFD. Left as it was, it turned into a '?' when the gateway wrote the body on to a
 * service, and a text of nothing but such escapes passed for text there ("?" is punctuation). U+FFFD is what a UTF-8
 * decoder makes of invalid input; the services' text rule does not count it as text.
 */
@Singleton
public class WellFormedJsonStrings implements ObjectMapperCustomizer {
    private static final char REPLACEMENT_CHARACTER = '\uFFFD';

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("well-formed-strings").addDeserializer(String.class, new Deserializer()));
    }

    private static final class Deserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return wellFormed(super.deserialize(parser, context));
        }
    }

    /** The text with each unpaired surrogate replaced by U+FFFD; the same instance when there is none. */
    static String wellFormed(String text) {
        if (text == null) {
            return null;
        }
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = REPLACEMENT_CHARACTER;
            }
        }
        return chars == null ? text : new String(chars);
    }
}
