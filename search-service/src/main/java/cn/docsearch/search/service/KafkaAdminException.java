package cn.docsearch.search.service;

/** Kafka did not answer an admin request (offsets, groups) in time. */
public class KafkaAdminException extends RuntimeException {
    KafkaAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
