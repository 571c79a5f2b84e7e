package io.github.jmxprom.collector.testing;

import java.util.concurrent.TimeUnit;

/**
 * Beans shaped like those of real servers, so that the example rule files (tomcat.yml,
 * kafka-2_0_0.yml, cassandra.yml) have something to match: same domains, key property order,
 * attribute names and value types as Tomcat 10, Kafka 2.x/3.x and Cassandra 4 register.
 */
public final class ServerShapedBeans {

  private ServerShapedBeans() {}

  /** The beans, ObjectName string to MBean. */
  public static Beans beans() {
    return new Beans().addAll(tomcat()).addAll(kafka()).addAll(cassandra());
  }

  static Beans tomcat() {
    return new Beans()
        .add(
            "Catalina:type=GlobalRequestProcessor,name=\"http-nio-8080\"",
            new MapBean()
                .with("requestCount", 17)
                .declare("requestCount", "int", "Number of requests processed")
                .with("bytesSent", 123456L)
                .declare("bytesSent", "long", "Amount of data sent, in bytes")
                .with("bytesReceived", 2048L)
                .with("processingTime", 350L)
                .with("errorCount", 2)
                .with("maxTime", 120L)
                .with("modelerType", "org.apache.coyote.RequestGroupInfo"))
        .add(
            "Catalina:type=ThreadPool,name=\"http-nio-8080\"",
            new MapBean()
                .with("currentThreadCount", 10)
                .with("currentThreadsBusy", 2)
                .with("keepAliveCount", 0)
                .with("connectionCount", 3L)
                .with("acceptCount", 100)
                .with("maxThreads", 200)
                .with("minSpareThreads", 10)
                .with("running", true)
                .with("name", "http-nio-8080"))
        .add(
            "Catalina:type=Manager,host=localhost,context=/app",
            new MapBean()
                .with("processingTime", 5L)
                .with("sessionCounter", 42L)
                .with("rejectedSessions", 0)
                .with("expiredSessions", 7L)
                .with("activeSessions", 3)
                .with("maxActiveSessions", -1))
        .add(
            "Catalina:type=Server",
            new MapBean()
                .with("serverInfo", "Apache Tomcat/10.1.20")
                .with("serverNumber", "10.1.20.0")
                .with("stateName", "STARTED"));
  }

  static Beans kafka() {
    return new Beans()
        .add(
            "kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec,topic=t1",
            meter(1000L, 1.5, 2.5))
        .add("kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec", meter(5000L, 7.5, 8.5))
        .add(
            "kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=t1",
            meter(123456L, 10.0, 11.0))
        .add(
            "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce,version=9",
            meter(77L, 0.5, 0.25))
        .add(
            "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce",
            histogram(10L, 1.25))
        .add(
            "kafka.server:type=ReplicaManager,name=PartitionCount", new MapBean().with("Value", 12))
        .add(
            "kafka.controller:type=KafkaController,name=ActiveControllerCount",
            new MapBean().with("Value", 1))
        .add(
            "kafka.server:type=Fetch,user=u1,client-id=c1",
            kafkaMetrics("byte-rate", 1024.5, "throttle-time", 0.0))
        .add("kafka.server:type=Produce,client-id=c2", kafkaMetrics("byte-rate", 64.0, null, null))
        .add("kafka.server:type=Request,user=u2", kafkaMetrics("request-time", 3.5, null, null))
        .add(
            "kafka.server:type=FetcherLagMetrics,name=ConsumerLag,clientId=r1,topic=t1,partition=0",
            new MapBean().with("Value", 42L))
        .add(
            "kafka.server:type=FetcherStats,name=BytesPerSec,clientId=r1,brokerHost=b1,brokerPort=9092",
            meter(99L, 3.25, 3.0))
        .add(
            "kafka.coordinator.group:type=GroupMetadataManager,name=NumGroups",
            new MapBean().with("Value", 4))
        .add(
            "kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent",
            new MapBean().with("Value", 0.75))
        .add(
            "kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent",
            meter(111L, 0.9, 0.8))
        .add(
            "kafka.log:type=Log,name=Size,topic=t1,partition=0",
            new MapBean().with("Value", 2048L));
  }

  static Beans cassandra() {
    String metrics = "org.apache.cassandra.metrics:";
    return new Beans()
        .add(metrics + "type=Client,name=connectedNativeClients", new MapBean().with("Value", 5))
        .add(metrics + "type=Keyspace,keyspace=ks1,name=ReadLatency", histogram(100L, 300.0))
        .add(
            metrics + "type=ColumnFamily,keyspace=ks1,scope=tbl1,name=LiveSSTableCount",
            new MapBean().with("Value", 8))
        .add(metrics + "type=ClientRequest,scope=Read,name=Latency", histogram(1000L, 450.5))
        .add(
            metrics + "type=ClientRequest,scope=Write,name=TotalLatency",
            new MapBean().with("Count", 123456789L))
        .add(metrics + "type=Compaction,name=PendingTasks", new MapBean().with("Value", 3))
        .add(metrics + "type=Storage,name=Load", new MapBean().with("Count", 1048576L));
  }

  /** A Yammer/Dropwizard meter as exported by Kafka's JmxReporter. */
  static MapBean meter(long count, double meanRate, double oneMinuteRate) {
    return new MapBean()
        .with("Count", count)
        .with("EventType", "requests")
        .with("RateUnit", TimeUnit.SECONDS)
        .with("MeanRate", meanRate)
        .with("OneMinuteRate", oneMinuteRate)
        .with("FiveMinuteRate", oneMinuteRate / 2)
        .with("FifteenMinuteRate", oneMinuteRate / 4);
  }

  /** A Yammer/Dropwizard histogram or timer (Kafka, Cassandra). */
  static MapBean histogram(long count, double mean) {
    return new MapBean()
        .with("Count", count)
        .with("Min", 0.0)
        .with("Max", mean * 8)
        .with("Mean", mean)
        .with("StdDev", mean / 2)
        .with("50thPercentile", mean * 0.8)
        .with("75thPercentile", mean * 1.5)
        .with("95thPercentile", mean * 3)
        .with("98thPercentile", mean * 4)
        .with("99thPercentile", mean * 5)
        .with("999thPercentile", mean * 7.5);
  }

  /** A bean of Kafka's own metrics library: declared type "double", real descriptions. */
  static MapBean kafkaMetrics(String name1, Double value1, String name2, Double value2) {
    MapBean bean = new MapBean().with(name1, value1).declare(name1, "double", "Tracking " + name1);
    if (name2 != null) {
      bean.with(name2, value2).declare(name2, "double", "Tracking " + name2);
    }
    return bean;
  }
}
