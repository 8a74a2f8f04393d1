package cn.docsearch.search.admin;

/** Kafka did not answer an admin request (offsets, groups) in time. */
public class KafkaAdminException extends RuntimeException {
    KafkaAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
