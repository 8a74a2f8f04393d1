package cn.docsearch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import cn.docsearch.infra.LocalPlatform;
import cn.docsearch.infra.TestInfrastructure;

/** Topic settings and the follower on the real broker the project starts. */
class TopicsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static Map<String, Object> kafka;

    @BeforeAll
    static void broker() {
        kafka = TestInfrastructure.start(Set.of(LocalPlatform.Component.KAFKA)).kafkaClientConfig();
    }

    @Test
    void aTopicIsCreatedWithItsSettingsAndAnExistingOneBroughtToThem() throws Exception {
        String name = "settings-" + UUID.randomUUID();
        TopicSettings thirtyDays = new TopicSettings(name, 2, (short) 1, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.DELETE_RETENTION_MS_CONFIG, "2592000000"));
        assertThat(thirtyDays.apply(kafka, TIMEOUT)).as("created").isEmpty();
        assertThat(config(name).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");

        TopicSettings oneDay = new TopicSettings(name, 2, (short) 1, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.DELETE_RETENTION_MS_CONFIG, "86400000"));
        assertThat(oneDay.apply(kafka, TIMEOUT)).containsExactly("delete.retention.ms: 2592000000 -> 86400000");
        assertThat(config(name).get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value()).isEqualTo("86400000");
        assertThat(oneDay.apply(kafka, TIMEOUT)).as("already right").isEmpty();
    }

    @Test
    void theFollowerReadsFromTheBeginningFollowsAndSkipsARecordItsReaderCannotTake() throws Exception {
        String name = "follow-" + UUID.randomUUID();
        new TopicSettings(name, 1, (short) 1, Map.of()).apply(kafka, TIMEOUT);
        List<String> read = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(kafka, new StringSerializer(), new StringSerializer())) {
            send(producer, name, "一");
            send(producer, name, "二");
            MeterRegistry meters = new SimpleMeterRegistry();
            PoisonRecords poisonRecords = new PoisonRecords(meters);
            TopicFollower follower = new TopicFollower(name, kafka, record -> {
                if (record.value().equals("坏")) {
                    throw new IllegalArgumentException("not a record this view can hold");
                }
                read.add(record.value());
            }, poisonRecords, "test-view");
            follower.start();
            try {
                assertThat(follower.awaitCaughtUp(TIMEOUT)).isTrue();
                assertThat(read).containsExactly("一", "二");

                send(producer, name, "坏");
                RecordMetadata last = send(producer, name, "三");
                assertThat(follower.awaitFollowed(0, last.offset() + 1, TIMEOUT)).isTrue();
                assertThat(read).containsExactly("一", "二", "三");
                assertThat(poisonRecords.last("test-view")).hasValueSatisfying(skipped -> {
                    assertThat(skipped.where()).isEqualTo(name + "/0/" + (last.offset() - 1));
                    assertThat(skipped.reason()).contains("IllegalArgumentException").doesNotContain("坏");
                    assertThat(skipped.count()).isEqualTo(1);
                });
                assertThat(meters.counter("docsearch.poison.records", "stage", "test-view").count()).isEqualTo(1.0);
            } finally {
                follower.stop();
            }
        }
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String topic, String value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, "key", value)).get(10, TimeUnit.SECONDS);
    }

    private static Config config(String topic) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        }
    }
}
