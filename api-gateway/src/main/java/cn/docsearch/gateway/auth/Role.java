package cn.docsearch.gateway.auth;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a key may do; each role may do everything the roles before it may. */
public enum Role {
    /** Search, read documents and their status, similar documents and passages. */
    READER,
    /** A reader that also uploads and deletes documents and runs bulk jobs. */
    WRITER,
    /** A writer that also manages keys, the index, and sees every job and the audit trail. */
    ADMIN;

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Role fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown role '" + name + "': one of reader, writer, admin");
    }
}
