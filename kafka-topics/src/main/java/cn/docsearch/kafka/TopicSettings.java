package cn.docsearch.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A topic the platform writes, with the settings it cannot do without (retention above all: Kafka's default deletes
 * events after 7 days, and the document topic is the system of record). {@link #apply} creates the topic, or brings
 * an existing one to these settings: a topic auto-created by a consumer that started first, or one created before a
 * setting was added, would otherwise keep the broker's defaults for good.
 *
 * @param configs topic-level settings (cleanup.policy, retention.ms, ...)
 */
public record TopicSettings(String name, int partitions, short replicationFactor, Map<String, String> configs) {
    private static final System.Logger LOG = System.getLogger(TopicSettings.class.getName());

    /**
     * Creates the topic or changes the settings that differ on the existing one, with an admin client of its own.
     *
     * @param clientConfig the service's Kafka client settings (bootstrap servers, security ...)
     * @param timeout      bound of the whole operation, also when the broker is unreachable
     * @return the settings changed on an existing topic, as {@code key: old -> new}; empty when it was created or
     *         already right
     */
    public List<String> apply(Map<String, Object> clientConfig, Duration timeout)
            throws ExecutionException, TimeoutException, InterruptedException {
        Map<String, Object> adminConfig = new HashMap<>(clientConfig);
        // the admin client refuses a default API timeout below its request timeout
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() / 2);
        try (Admin admin = Admin.create(adminConfig)) {
            return apply(admin, timeout);
        }
    }

    /**
     * Applies the settings from a daemon thread of its own, again every {@code pause} until it succeeds (the broker may
     * be away when a service starts), then runs {@code whenApplied}; interrupting the thread gives up.
     *
     * @return the thread, started
     */
    public Thread applyInBackground(Map<String, Object> clientConfig, Duration timeout, Duration pause, Runnable whenApplied) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    apply(clientConfig, timeout);
                    whenApplied.run();
                    return;
                } catch (ExecutionException | TimeoutException | RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Topic {0} not ready ({1}); trying again in {2}", name, e, pause);
                    try {
                        Thread.sleep(pause.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "topic-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private List<String> apply(Admin admin, Duration timeout) throws ExecutionException, TimeoutException, InterruptedException {
        long millis = timeout.toMillis();
        if (!admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS).contains(name)) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, replicationFactor).configs(configs)))
                        .all().get(millis, TimeUnit.MILLISECONDS);
                return List.of();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // another instance created it meanwhile: check its settings like any existing topic's
            }
        }
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config current = describe(admin, topic, millis);
        List<AlterConfigOp> changes = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        configs.forEach((key, wanted) -> {
            ConfigEntry entry = current.get(key);
            String actual = entry == null ? null : entry.value();
            if (!wanted.equals(actual)) {
                changes.add(new AlterConfigOp(new ConfigEntry(key, wanted), AlterConfigOp.OpType.SET));
                changed.add(key + ": " + actual + " -> " + wanted);
            }
        });
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(Map.of(topic, changes)).all().get(millis, TimeUnit.MILLISECONDS);
        }
        return changed;
    }

    /** The topic's settings; a topic created a moment ago may not be known to every part of the broker yet. */
    private static Config describe(Admin admin, ConfigResource topic, long millis)
            throws ExecutionException, TimeoutException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            try {
                return admin.describeConfigs(List.of(topic)).all().get(millis, TimeUnit.MILLISECONDS).get(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
