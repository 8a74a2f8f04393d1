package cn.docsearch.ingest.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.kafka.TopicSettings;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The document and registry topics are the system of record: compacted, never expired, on the real broker; the job
 * topics keep a job for the job retention.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class TopicSettingsIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void documentTopicIsCompactedAndKeepsTombstonesForThirtyDays() throws Exception {
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientConfig())) {
            Config config = describeOnceKnown(admin, "documents");
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value())
                    .isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                    .isEqualTo(Integer.toString(DocumentTopics.MAX_MESSAGE_BYTES));
        }
    }

    @Test
    void registryTopicIsCompactedWithTheDocumentTopicsPartitionsAndKeepsADaysKeys() throws Exception {
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientConfig())) {
            Config config = describeOnceKnown(admin, "documents.registry");
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(config.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG).value())
                    .isEqualTo(Long.toString(Duration.ofHours(24).toMillis()));
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("documents", "documents.registry"))
                    .allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.get("documents.registry").partitions()).hasSameSizeAs(topics.get("documents").partitions());
        }
    }

    @Test
    void jobTopicsKeepTheirInputAndResultsForTheJobRetention() throws Exception {
        String week = Long.toString(Duration.ofDays(7).toMillis());
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientConfig())) {
            Config input = describeOnceKnown(admin, "document-jobs");
            assertThat(input.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
            assertThat(input.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(week);
            Config status = describeOnceKnown(admin, "document-jobs.status");
            assertThat(status.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact,delete");
            assertThat(status.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo(week);
        }
    }

    @Test
    void existingTopicWithTheBrokersDefaultsIsBroughtToTheSettings() throws Exception {
        String name = "auto-created-" + UUID.randomUUID();
        try (Admin admin = Admin.create(TestInfrastructure.kafkaClientConfig())) {
            // as a consumer that started before ingest-service would have auto-created it: delete after 7 days
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
            TopicSettings settings = new TopicSettings(name, 1, (short) 1,
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.DELETE_RETENTION_MS_CONFIG, "3600000"));

            assertThat(settings.apply(TestInfrastructure.kafkaClientConfig(), TIMEOUT)).containsExactlyInAnyOrder("cleanup.policy: delete -> compact",
                    "delete.retention.ms: 86400000 -> 3600000");
            // the broker applies a change through its metadata log: a moment later, not at once
            await().atMost(TIMEOUT).untilAsserted(() -> {
                Config config = describe(admin, name);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
                assertThat(config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
            });
            assertThat(settings.apply(TestInfrastructure.kafkaClientConfig(), TIMEOUT)).as("a second instance starting finds nothing to change").isEmpty();
        }
    }

    /** A topic created a moment ago may not be known yet to the broker that answers: asked again until it is. */
    private static Config describeOnceKnown(Admin admin, String topic) {
        Config[] config = new Config[1];
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            config[0] = describe(admin, topic);
            return true;
        });
        return config[0];
    }

    private static Config describe(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
    }
}
