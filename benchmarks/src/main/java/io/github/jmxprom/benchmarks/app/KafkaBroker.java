package io.github.jmxprom.benchmarks.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The MBeans of one Kafka broker, with the ObjectNames, key order and attribute shapes that Kafka
 * 2.x/3.x registers: Yammer meters, histograms, timers and gauges, Kafka-metrics DynamicMBeans
 * (hyphenated attributes: socket server and quotas), app-info strings. Per topic: eight {@code
 * BrokerTopicMetrics} meters; per partition: four {@code Log} gauges, six {@code Partition} gauges
 * and a replica fetcher lag gauge.
 */
final class KafkaBroker {

  private static final String[] TOPIC_METERS = {
    "MessagesInPerSec",
    "BytesInPerSec",
    "BytesOutPerSec",
    "BytesRejectedPerSec",
    "FailedFetchRequestsPerSec",
    "FailedProduceRequestsPerSec",
    "TotalFetchRequestsPerSec",
    "TotalProduceRequestsPerSec"
  };
  private static final String[] BROKER_ONLY_METERS = {
    "ReplicationBytesInPerSec",
    "ReplicationBytesOutPerSec",
    "ProduceMessageConversionsPerSec",
    "FetchMessageConversionsPerSec"
  };
  private static final String[] LOG_GAUGES = {
    "Size", "NumLogSegments", "LogStartOffset", "LogEndOffset"
  };
  private static final String[] PARTITION_GAUGES = {
    "UnderReplicated",
    "InSyncReplicasCount",
    "ReplicasCount",
    "UnderMinIsr",
    "AtMinIsr",
    "LastStableOffsetLag"
  };
  private static final String[] REQUESTS = {
    "Produce",
    "FetchConsumer",
    "FetchFollower",
    "ListOffsets",
    "Metadata",
    "LeaderAndIsr",
    "StopReplica",
    "UpdateMetadata",
    "ControlledShutdown",
    "OffsetCommit",
    "OffsetFetch",
    "FindCoordinator",
    "JoinGroup",
    "Heartbeat",
    "LeaveGroup",
    "SyncGroup",
    "DescribeGroups",
    "ListGroups",
    "SaslHandshake",
    "ApiVersions",
    "CreateTopics",
    "DeleteTopics",
    "DeleteRecords",
    "InitProducerId",
    "OffsetForLeaderEpoch",
    "AddPartitionsToTxn",
    "AddOffsetsToTxn",
    "EndTxn",
    "WriteTxnMarkers",
    "TxnOffsetCommit",
    "DescribeAcls",
    "CreateAcls",
    "DeleteAcls",
    "DescribeConfigs",
    "AlterConfigs",
    "AlterReplicaLogDirs",
    "DescribeLogDirs",
    "SaslAuthenticate",
    "CreatePartitions",
    "CreateDelegationToken",
    "RenewDelegationToken",
    "ExpireDelegationToken",
    "DescribeDelegationToken",
    "DeleteGroups",
    "ElectLeaders",
    "IncrementalAlterConfigs"
  };
  private static final String[] REQUEST_HISTOGRAMS = {
    "TotalTimeMs",
    "RequestQueueTimeMs",
    "LocalTimeMs",
    "RemoteTimeMs",
    "ResponseQueueTimeMs",
    "ResponseSendTimeMs",
    "ThrottleTimeMs",
    "RequestBytes"
  };
  private static final String[] PURGATORIES = {
    "Produce", "Fetch", "DeleteRecords", "Heartbeat", "Rebalance", "topic", "ElectLeader"
  };
  private static final String[] SOCKET_SERVER_ATTRIBUTES = {
    "connection-count",
    "connection-close-rate",
    "connection-close-total",
    "connection-creation-rate",
    "connection-creation-total",
    "failed-authentication-rate",
    "failed-authentication-total",
    "incoming-byte-rate",
    "incoming-byte-total",
    "io-ratio",
    "io-time-ns-avg",
    "io-wait-ratio",
    "network-io-rate",
    "outgoing-byte-rate",
    "request-rate",
    "request-size-avg",
    "request-size-max",
    "response-rate",
    "select-rate"
  };

  private final Registrar registrar;
  private final int partitions;
  private final Map<String, List<String>> topics = new HashMap<>();

  KafkaBroker(Registrar registrar, int partitions) {
    this.registrar = registrar;
    this.partitions = partitions;
  }

  /** How many beans {@link #registerTopic} registers. */
  static int beansPerTopic(int partitions) {
    return TOPIC_METERS.length + partitions * (LOG_GAUGES.length + PARTITION_GAUGES.length + 1);
  }

  void registerTopic(String topic) {
    List<String> names = new ArrayList<>();
    for (String meter : TOPIC_METERS) {
      names.add(meter("kafka.server:type=BrokerTopicMetrics,name=" + meter + ",topic=" + topic));
    }
    for (int p = 0; p < partitions; p++) {
      String tp = ",topic=" + topic + ",partition=" + p;
      for (int i = 0; i < LOG_GAUGES.length; i++) {
        JmxGauge.Kind kind = i == 1 ? JmxGauge.Kind.INT : JmxGauge.Kind.LONG;
        names.add(gauge("kafka.log:type=Log,name=" + LOG_GAUGES[i] + tp, kind));
      }
      for (int i = 0; i < PARTITION_GAUGES.length; i++) {
        JmxGauge.Kind kind = i == 5 ? JmxGauge.Kind.LONG : JmxGauge.Kind.INT;
        names.add(gauge("kafka.cluster:type=Partition,name=" + PARTITION_GAUGES[i] + tp, kind));
      }
      names.add(
          gauge(
              "kafka.server:type=FetcherLagMetrics,name=ConsumerLag,clientId=ReplicaFetcherThread-0-"
                  + (p % 3)
                  + tp,
              JmxGauge.Kind.LONG));
    }
    topics.put(topic, names);
  }

  void unregisterTopic(String topic) {
    List<String> names = topics.remove(topic);
    if (names != null) {
      names.forEach(registrar::unregister);
    }
  }

  /** The beans every broker has, whatever its topics: about 700. */
  void registerBroker() {
    for (String meter : TOPIC_METERS) {
      meter("kafka.server:type=BrokerTopicMetrics,name=" + meter);
    }
    for (String meter : BROKER_ONLY_METERS) {
      meter("kafka.server:type=BrokerTopicMetrics,name=" + meter);
    }
    registerRequestMetrics();
    registerServer();
    registerNetwork();
    registerControllerAndCoordinators();
    registerLogManager();
    registerKafkaMetricsBeans();
    registrar.register("kafka.server:type=app-info,id=1", seed -> new AppInfo());
    registrar.register("kafka.server:type=BenchOpenData,name=ResourceCache", ResourceCache::new);
    registrar.register(
        "kafka.server:type=BenchBroken,name=FailingGauge", seed -> new FailingGauge());
  }

  private void registerRequestMetrics() {
    String prefix = "kafka.network:type=RequestMetrics,name=";
    for (String request : REQUESTS) {
      for (int version = 0; version < 2; version++) {
        meter(prefix + "RequestsPerSec,request=" + request + ",version=" + version);
      }
      for (String histogram : REQUEST_HISTOGRAMS) {
        histogram(prefix + histogram + ",request=" + request);
      }
      meter(prefix + "ErrorsPerSec,request=" + request + ",error=NONE");
    }
  }

  private void registerServer() {
    String replica = "kafka.server:type=ReplicaManager,name=";
    for (String gauge :
        new String[] {
          "LeaderCount",
          "PartitionCount",
          "OfflineReplicaCount",
          "UnderReplicatedPartitions",
          "UnderMinIsrPartitionCount",
          "AtMinIsrPartitionCount",
          "ReassigningPartitions"
        }) {
      gauge(replica + gauge, JmxGauge.Kind.INT);
    }
    for (String meter :
        new String[] {"IsrExpandsPerSec", "IsrShrinksPerSec", "FailedIsrUpdatesPerSec"}) {
      meter(replica + meter);
    }
    meter("kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent");
    for (String purgatory : PURGATORIES) {
      String suffix = ",delayedOperation=" + purgatory;
      gauge(
          "kafka.server:type=DelayedOperationPurgatory,name=PurgatorySize" + suffix,
          JmxGauge.Kind.INT);
      gauge(
          "kafka.server:type=DelayedOperationPurgatory,name=NumDelayedOperations" + suffix,
          JmxGauge.Kind.INT);
    }
    gauge(
        "kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica", JmxGauge.Kind.LONG);
    gauge(
        "kafka.server:type=ReplicaFetcherManager,name=MinFetchRate,clientId=Replica",
        JmxGauge.Kind.DOUBLE);
    String fetcher =
        ",clientId=ReplicaFetcherThread-0-1,brokerHost=broker-1.kafka.svc,brokerPort=9092";
    meter("kafka.server:type=FetcherStats,name=BytesPerSec" + fetcher);
    meter("kafka.server:type=FetcherStats,name=RequestsPerSec" + fetcher);
    gauge("kafka.server:type=FetcherLagMetrics,name=ConnectionCount" + fetcher, JmxGauge.Kind.INT);
    for (String meter :
        new String[] {
          "ZooKeeperExpiresPerSec",
          "ZooKeeperDisconnectsPerSec",
          "ZooKeeperSyncConnectsPerSec",
          "ZooKeeperAuthFailuresPerSec",
          "ZooKeeperReadOnlyConnectsPerSec",
          "ZooKeeperSaslAuthenticationsPerSec"
        }) {
      meter("kafka.server:type=SessionExpireListener,name=" + meter);
    }
    histogram("kafka.server:type=ZooKeeperClientMetrics,name=ZooKeeperRequestLatencyMs");
    gauge("kafka.server:type=KafkaServer,name=BrokerState", JmxGauge.Kind.INT);
    gauge("kafka.server:type=KafkaServer,name=ClusterId", JmxGauge.Kind.STRING);
  }

  private void registerNetwork() {
    gauge(
        "kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent",
        JmxGauge.Kind.FRACTION);
    gauge("kafka.network:type=SocketServer,name=MemoryPoolAvailable", JmxGauge.Kind.LONG);
    gauge("kafka.network:type=SocketServer,name=MemoryPoolUsed", JmxGauge.Kind.LONG);
    gauge("kafka.network:type=SocketServer,name=ExpiredConnectionsKilledCount", JmxGauge.Kind.LONG);
    gauge("kafka.network:type=RequestChannel,name=RequestQueueSize", JmxGauge.Kind.INT);
    gauge("kafka.network:type=RequestChannel,name=ResponseQueueSize", JmxGauge.Kind.INT);
    for (int processor = 0; processor < 3; processor++) {
      gauge(
          "kafka.network:type=Processor,name=IdlePercent,networkProcessor=" + processor,
          JmxGauge.Kind.FRACTION);
      gauge(
          "kafka.network:type=RequestChannel,name=ResponseQueueSize,processor=" + processor,
          JmxGauge.Kind.INT);
    }
  }

  private void registerControllerAndCoordinators() {
    for (String gauge :
        new String[] {
          "ActiveControllerCount",
          "OfflinePartitionsCount",
          "PreferredReplicaImbalanceCount",
          "GlobalTopicCount",
          "GlobalPartitionCount",
          "TopicsToDeleteCount",
          "ReplicasToDeleteCount"
        }) {
      gauge("kafka.controller:type=KafkaController,name=" + gauge, JmxGauge.Kind.INT);
    }
    timer("kafka.controller:type=ControllerStats,name=LeaderElectionRateAndTimeMs");
    timer("kafka.controller:type=ControllerStats,name=TopicChangeRateAndTimeMs");
    timer("kafka.controller:type=ControllerStats,name=AutoLeaderBalanceRateAndTimeMs");
    meter("kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec");
    gauge("kafka.controller:type=ControllerChannelManager,name=TotalQueueSize", JmxGauge.Kind.INT);
    for (int broker = 1; broker <= 3; broker++) {
      gauge(
          "kafka.controller:type=ControllerChannelManager,name=QueueSize,broker-id=" + broker,
          JmxGauge.Kind.INT);
    }
    for (String gauge :
        new String[] {
          "NumOffsets",
          "NumGroups",
          "NumGroupsPreparingRebalance",
          "NumGroupsCompletingRebalance",
          "NumGroupsStable",
          "NumGroupsDead",
          "NumGroupsEmpty"
        }) {
      gauge("kafka.coordinator.group:type=GroupMetadataManager,name=" + gauge, JmxGauge.Kind.INT);
    }
    gauge(
        "kafka.coordinator.transaction:type=TransactionMarkerChannelManager,name=UnknownDestinationQueueSize",
        JmxGauge.Kind.INT);
    gauge(
        "kafka.coordinator.transaction:type=TransactionMarkerChannelManager,name=LogAppendRetryQueueSize",
        JmxGauge.Kind.INT);
  }

  private void registerLogManager() {
    timer("kafka.log:type=LogFlushStats,name=LogFlushRateAndTimeMs");
    gauge("kafka.log:type=LogManager,name=OfflineLogDirectoryCount", JmxGauge.Kind.INT);
    gauge(
        "kafka.log:type=LogManager,name=LogDirectoryOffline,logDirectory=/var/lib/kafka/data",
        JmxGauge.Kind.INT);
    gauge("kafka.log:type=LogCleaner,name=cleaner-recopy-percent", JmxGauge.Kind.FRACTION);
    gauge("kafka.log:type=LogCleaner,name=max-clean-time-secs", JmxGauge.Kind.INT);
    gauge("kafka.log:type=LogCleanerManager,name=time-since-last-run-ms", JmxGauge.Kind.LONG);
  }

  /** Beans of Kafka's own metrics library: DynamicMBeans with hyphenated double attributes. */
  private void registerKafkaMetricsBeans() {
    for (int processor = 0; processor < 3; processor++) {
      registrar.register(
          "kafka.server:type=socket-server-metrics,listener=PLAINTEXT,networkProcessor="
              + processor,
          seed -> doubles(seed, SOCKET_SERVER_ATTRIBUTES));
    }
    registrar.register(
        "kafka.server:type=socket-server-metrics",
        seed ->
            doubles(
                seed,
                new String[] {
                  "memory-pool-avg-depleted-percent", "memory-pool-depleted-time-total"
                }));
    String[] quota = {"throttle-time", "byte-rate"};
    for (String resource : new String[] {"Fetch", "Produce", "Request"}) {
      for (int client = 0; client < 10; client++) {
        registrar.register(
            "kafka.server:type=" + resource + ",client-id=client-" + client,
            seed -> doubles(seed, quota));
      }
    }
    registrar.register("kafka.server:type=Fetch,user=alice", seed -> doubles(seed, quota));
    registrar.register(
        "kafka.server:type=Produce,user=bob,client-id=producer-1", seed -> doubles(seed, quota));
  }

  private static MapBean doubles(int seed, String[] attributes) {
    MapBean.Builder bean =
        MapBean.builder("org.apache.kafka.common.metrics.JmxReporter$KafkaMbean");
    for (int i = 0; i < attributes.length; i++) {
      int k = i;
      bean.attribute(attributes[i], "double", () -> Values.rate(seed, k));
    }
    return bean.build();
  }

  private String meter(String name) {
    registrar.register(name, JmxMeter::new);
    return name;
  }

  private void histogram(String name) {
    registrar.register(name, JmxHistogram::new);
  }

  private void timer(String name) {
    registrar.register(name, JmxTimer::new);
  }

  private String gauge(String name, JmxGauge.Kind kind) {
    registrar.register(name, seed -> new JmxGauge(seed, kind));
    return name;
  }
}
