package cn.docsearch.ingest.writer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import cn.docsearch.infra.TestInfrastructure;
import cn.docsearch.ingest.KafkaTestResource;
import cn.docsearch.ingest.topics.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A stale owner of a partition (an instance whose membership lapsed, here played by the test) holds the partition's
 * transactional id and has a write in hand: the owner the group assigned takes the partition back by fencing it, its
 * own write goes through, and the stale owner's write is never visible.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class WriterFencingIT {

    @Test
    void theAssignedOwnerFencesAStaleOneAndOnlyItsWritesAreVisible() throws Exception {
        String clientId = "fencing-" + UUID.randomUUID();
        String id = given().contentType(ContentType.JSON).body(Map.of("clientId", clientId, "content", "第一版值班安排"))
                .post("/documents").then().statusCode(202).extract().path("id");
        int partition = TopicReader.all("documents", id).get(0).partition();

        try (KafkaProducer<String, String> stale = new KafkaProducer<>(TestInfrastructure.kafkaClientConfig(Map.of(
                "transactional.id", "docsearch-ingest-documents.registry-" + partition)), new StringSerializer(),
                new StringSerializer())) {
            stale.initTransactions();
            stale.beginTransaction();
            stale.send(new ProducerRecord<>("documents", partition, id, "{\"forged\":true}")).get();

            given().contentType(ContentType.JSON).body(Map.of("clientId", clientId, "content", "第二版值班安排"))
                    .post("/documents").then().statusCode(202);

            assertThatThrownBy(stale::commitTransaction).isInstanceOf(KafkaException.class);
        }
        List<ConsumerRecord<String, String>> committed = TopicReader.all("documents", id);
        assertThat(committed).extracting(ConsumerRecord::value).noneMatch(value -> value.contains("forged"));
        assertThat(committed).hasSize(2);
        given().get("/documents/" + id).then().statusCode(200).body("version", org.hamcrest.Matchers.equalTo(2));
    }
}
