package cn.docsearch.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of a topic from its beginning and then follows it, for a view rebuilt on every start (Kafka
 * stays the only store). A failure (Kafka away too long) costs a pause, not the view: it goes on from where it was; a
 * record its reader cannot take is skipped as a poison record of the follower's stage, never read again.
 */
public final class TopicFollower {
    private static final System.Logger LOG = System.getLogger(TopicFollower.class.getName());

    private final String topic;
    private final Map<String, Object> kafkaConfig;
    private final Consumer<ConsumerRecord<String, String>> reader;
    private final PoisonRecords poisonRecords;
    private final String stage;
    /** Per partition, the offset up to which the view has read it. */
    private final Map<Integer, Long> followed = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    /** Polls done so far: a reader that must see what was written before it asked waits for two more. */
    private long polls;

    public TopicFollower(String topic, Map<String, Object> kafkaConfig, Consumer<ConsumerRecord<String, String>> reader,
                         PoisonRecords poisonRecords, String stage) {
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        this.reader = reader;
        this.poisonRecords = poisonRecords;
        this.stage = stage;
        this.thread = new Thread(this::follow, "follow-" + topic);
        thread.setDaemon(true);
    }

    public void start() {
        running = true;
        thread.start();
    }

    public void stop() throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until the view has read the partition up to the offset. */
    public boolean awaitFollowed(int partition, long offset, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (followed) {
            while (followed.getOrDefault(partition, -1L) < offset) {
                if (!waitUntil(until)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Waits until the view has polled twice more: it then holds what had been committed when this was called. */
    public boolean awaitRecent(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (followed) {
            long target = polls + 2;
            while (polls < target) {
                if (!waitUntil(until)) {
                    return false;
                }
            }
            return true;
        }
    }

    private boolean waitUntil(long until) throws InterruptedException {
        long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
        if (left <= 0) {
            return false;
        }
        followed.wait(left);
        return true;
    }

    private void follow() {
        while (running) {
            try {
                followFromWhereItStopped();
            } catch (WakeupException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "Follower of {0} woken up while running; following again", topic);
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Follower of {0} lost the topic ({1}); following again in a second", topic, e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void followFromWhereItStopped() {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(committedReaderConfig(kafkaConfig),
                new StringDeserializer(), new StringDeserializer())) {
            consumer = kafka;
            List<TopicPartition> partitions = awaitPartitions(kafka);
            kafka.assign(partitions);
            for (TopicPartition partition : partitions) {
                Long position = followed.get(partition.partition());
                if (position == null) {
                    kafka.seekToBeginning(List.of(partition));
                } else {
                    kafka.seek(partition, position);
                }
            }
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, String> record : kafka.poll(Duration.ofMillis(500))) {
                    read(record);
                }
                synchronized (followed) {
                    partitions.forEach(partition -> followed.put(partition.partition(), kafka.position(partition)));
                    polls++;
                    followed.notifyAll();
                }
                if (!isCaughtUp() && partitions.stream().allMatch(p -> followed.get(p.partition()) >= end.get(p))) {
                    LOG.log(System.Logger.Level.INFO, "Read topic {0} up to its end", topic);
                    caughtUp.countDown();
                }
            }
        }
    }

    /** Hands a record to the reader; read again, one it cannot take would fail again and the view never get past it. */
    private void read(ConsumerRecord<String, String> record) {
        try {
            reader.accept(record);
        } catch (RuntimeException e) {
            // the exception's class only: its message may quote the record
            poisonRecords.skip(stage, record, "its reader failed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Settings of a consumer that reads topics as they are meant to be read: only what a writer committed (an aborted
     * transaction's records never count), without offsets of its own, never creating a topic by reading it.
     */
    public static Map<String, Object> committedReaderConfig(Map<String, Object> kafkaConfig) {
        Map<String, Object> consumerConfig = new HashMap<>(kafkaConfig);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return consumerConfig;
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, String> kafka) {
        while (running) {
            try {
                List<PartitionInfo> infos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.log(System.Logger.Level.DEBUG, "Topic {0} not reachable yet", topic);
            }
        }
        throw new WakeupException();
    }
}
