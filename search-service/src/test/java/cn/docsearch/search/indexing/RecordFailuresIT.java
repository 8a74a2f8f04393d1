package cn.docsearch.search.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.search.InfrastructureTestResource;
import cn.docsearch.search.config.SearchConfig;
import cn.docsearch.search.index.IndexTarget;
import cn.docsearch.search.index.TransientIndexingException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.common.annotation.Identifier;

/**
 * How a stage tells a record it can never process from Kafka or Elasticsearch being away, on the real topic: a record
 * that fails the stage every time is set aside after a bounded number of attempts and the records after it are done;
 * a transient failure is retried for as long as it lasts, shows as a stall with its partition and offset, and sets
 * nothing aside.
 */
@QuarkusTest
@WithTestResource(InfrastructureTestResource.class)
class RecordFailuresIT {
    @Inject
    SearchConfig config;

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    MeterRegistry registry;

    private Admin admin;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void clients() {
        admin = Admin.create(kafkaConfig);
        producer = new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(Map.of("acks", "all")), new StringSerializer(),
                new StringSerializer());
    }

    @AfterEach
    void close() {
        producer.close();
        admin.close();
    }

    /** A stage over the document topic that fails as a test tells it to, and notes what it did and set aside. */
    private final class ScriptedStage extends ConsumerStage {
        private final String group = "record-failures-test-" + UUID.randomUUID();
        private final Predicate<ConsumerRecord<String, String>> failsOn;
        private final boolean transientFailure;
        final Set<String> done = ConcurrentHashMap.newKeySet();
        final Map<String, String> setAside = new ConcurrentHashMap<>();

        ScriptedStage(Predicate<ConsumerRecord<String, String>> failsOn, boolean transientFailure) {
            // it writes no index, so there is none to refresh
            super("embedding", new IndexTarget("record-failures-test", false), config, admin, registry,
                    new CaughtUpRefresh("record-failures-test", Duration.ofSeconds(1), Optional.empty(), index -> { }));
            this.failsOn = failsOn;
            this.transientFailure = transientFailure;
        }

        @Override
        protected Map<String, Object> consumerConfig() {
            return Batches.consumerConfig(kafkaConfig, group, 500, config.consumer().sessionTimeout());
        }

        @Override
        protected void process(KafkaConsumer<String, String> kafka, ConsumerRecords<String, String> records)
                throws TransientIndexingException {
            for (ConsumerRecord<String, String> record : records) {
                if (failsOn.test(record)) {
                    if (transientFailure) {
                        throw new TransientIndexingException("Elasticsearch unreachable: Connection refused", null);
                    }
                    throw new IllegalStateException("cannot handle " + record.key());
                }
            }
            records.forEach(record -> done.add(record.key()));
        }

        @Override
        protected void setAside(ConsumerRecord<String, String> record, String reason) {
            setAside.put(record.key(), reason);
        }

        long committed(TopicPartition partition) throws Exception {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    private RecordMetadata send(int partition, String key) throws Exception {
        return producer.send(new ProducerRecord<>("documents", partition, key, "{\"schemaVersion\":1}")).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRecordThatAlwaysFailsIsSetAsideWithItsReasonAndTheRecordsAfterItAreDone() throws Exception {
        String run = UUID.randomUUID().toString();
        send(1, run + "-before");
        RecordMetadata poison = send(1, run + "-poison");
        RecordMetadata after = send(1, run + "-after");
        ScriptedStage stage = new ScriptedStage(record -> record.key() != null && record.key().equals(run + "-poison"), false);
        stage.startLoop();
        try {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(stage.done).contains(run + "-before", run + "-after");
                assertThat(stage.committed(new TopicPartition("documents", 1))).isGreaterThan(after.offset());
            });
            assertThat(stage.setAside).containsOnlyKeys(run + "-poison");
            assertThat(stage.setAside.get(run + "-poison")).startsWith("embedding failed: IllegalStateException")
                    .contains("cannot handle");
            assertThat(stage.done).doesNotContain(run + "-poison");
            assertThat(stage.isRunning()).isTrue();
            assertThat(stage.stalled()).isEmpty();
            assertThat(poison.offset()).isLessThan(after.offset());
        } finally {
            stage.requestStop();
            stage.awaitStop();
        }
    }

    @Test
    void aTransientFailureIsRetriedAsLongAsItLastsAndShowsWhereTheStageIsStalled() throws Exception {
        String run = UUID.randomUUID().toString();
        RecordMetadata held = send(2, run + "-held");
        AtomicBoolean away = new AtomicBoolean(true);
        ScriptedStage stage = new ScriptedStage(record -> away.get() && record.key() != null
                && record.key().equals(run + "-held"), true);
        stage.startLoop();
        try {
            // far more attempts than search.consumer.max-record-attempts, and a stall readiness can show
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(stage.stalled()).hasValueSatisfying(
                    stall -> assertThat(stall).contains("documents-2 at offset").contains("Connection refused")));
            assertThat(stage.setAside).isEmpty();
            assertThat(stage.done).doesNotContain(run + "-held");
            away.set(false);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(stage.done).contains(run + "-held");
                assertThat(stage.stalled()).isEmpty();
            });
            assertThat(stage.setAside).isEmpty();
            assertThat(stage.committed(new TopicPartition("documents", 2))).isGreaterThan(held.offset());
        } finally {
            stage.requestStop();
            stage.awaitStop();
        }
    }
}
