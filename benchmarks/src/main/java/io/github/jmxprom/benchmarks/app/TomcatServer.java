package io.github.jmxprom.benchmarks.app;

/**
 * The MBeans of a Tomcat 9/10 server as Tomcat's modeler registers them: lower-camel attribute
 * names, quoted {@code name="http-nio-8080"} values, the five-key Servlet names, Strings and
 * booleans next to numbers, and per web application a cache with CompositeData and TabularData.
 */
final class TomcatServer {

  private static final String[] CONNECTORS = {"http-nio-8080", "https-jsse-nio-8443"};

  private final Registrar registrar;

  TomcatServer(Registrar registrar) {
    this.registrar = registrar;
  }

  void register(int applications, int servletsPerApplication) {
    registrar.register(
        "Catalina:type=Server",
        seed ->
            MapBean.builder("org.apache.catalina.core.StandardServer")
                .attribute("serverInfo", "java.lang.String", () -> "Apache Tomcat/10.1.34")
                .attribute("stateName", "java.lang.String", () -> "STARTED")
                .attribute("port", "int", () -> 8005)
                .build());
    for (String connector : CONNECTORS) {
      registerConnector(connector);
    }
    for (int app = 0; app < applications; app++) {
      registerApplication("/app" + app, servletsPerApplication);
    }
  }

  private void registerConnector(String connector) {
    String quoted = "\"" + connector + "\"";
    registrar.register(
        "Catalina:type=GlobalRequestProcessor,name=" + quoted,
        seed ->
            MapBean.builder("org.apache.coyote.RequestGroupInfo")
                .attribute("bytesSent", "long", () -> Values.count(seed, 0))
                .attribute("bytesReceived", "long", () -> Values.count(seed, 1))
                .attribute("errorCount", "int", () -> Values.small(seed, 2))
                .attribute("maxTime", "long", () -> Values.count(seed, 3))
                .attribute("processingTime", "long", () -> Values.count(seed, 4))
                .attribute("requestCount", "int", () -> (int) Values.count(seed, 5))
                .attribute("modelerType", "java.lang.String", () -> "RequestGroupInfo")
                .build());
    registrar.register(
        "Catalina:type=ThreadPool,name=" + quoted,
        seed ->
            MapBean.builder("org.apache.tomcat.util.net.NioEndpoint")
                .attribute("currentThreadCount", "int", () -> Values.small(seed, 0))
                .attribute("currentThreadsBusy", "int", () -> Values.small(seed, 1))
                .attribute("keepAliveCount", "int", () -> Values.small(seed, 2))
                .attribute("connectionCount", "long", () -> Values.count(seed, 3))
                .attribute("acceptCount", "int", () -> 100)
                .attribute("maxThreads", "int", () -> 200)
                .attribute("minSpareThreads", "int", () -> 10)
                .attribute("running", "boolean", () -> true)
                .attribute("paused", "boolean", () -> Values.flag(seed, 4))
                .attribute("name", "java.lang.String", () -> connector)
                .build());
    registrar.register(
        "Catalina:type=Connector,port=" + connector.substring(connector.lastIndexOf('-') + 1),
        seed ->
            MapBean.builder("org.apache.catalina.connector.Connector")
                .attribute("maxPostSize", "int", () -> 2097152)
                .attribute("secure", "boolean", () -> connector.startsWith("https"))
                .attribute("protocol", "java.lang.String", () -> "HTTP/1.1")
                .attribute(
                    "endpoints",
                    "javax.management.openmbean.TabularData",
                    () -> EndpointTable.of(seed, 4))
                .build());
  }

  private void registerApplication(String context, int servlets) {
    registrar.register(
        "Catalina:type=Manager,host=localhost,context=" + context,
        seed ->
            MapBean.builder("org.apache.catalina.session.StandardManager")
                .attribute("activeSessions", "int", () -> Values.small(seed, 0))
                .attribute("sessionCounter", "long", () -> Values.count(seed, 1))
                .attribute("maxActive", "int", () -> Values.small(seed, 2))
                .attribute("rejectedSessions", "int", () -> Values.small(seed, 3))
                .attribute("expiredSessions", "long", () -> Values.count(seed, 4))
                .attribute("processingTime", "long", () -> Values.count(seed, 5))
                .attribute("duplicates", "int", () -> 0)
                .attribute("maxInactiveInterval", "int", () -> 1800)
                .attribute("sessionAverageAliveTime", "int", () -> Values.small(seed, 6))
                .attribute("className", "java.lang.String", () -> "StandardManager")
                .build());
    registrar.register(
        "Catalina:type=WebResourceRoot,host=localhost,context=" + context + ",name=Cache",
        ResourceCache::new);
    for (int servlet = 0; servlet < servlets; servlet++) {
      String name = servlet == 0 ? "default" : servlet == 1 ? "jsp" : "api-" + servlet;
      registrar.register(
          "Catalina:j2eeType=Servlet,WebModule=//localhost"
              + context
              + ",name="
              + name
              + ",J2EEApplication=none,J2EEServer=none",
          seed ->
              MapBean.builder("org.apache.catalina.core.StandardWrapper")
                  .attribute("requestCount", "int", () -> (int) Values.count(seed, 0))
                  .attribute("processingTime", "long", () -> Values.count(seed, 1))
                  .attribute("errorCount", "int", () -> Values.small(seed, 2))
                  .attribute("maxTime", "long", () -> Values.count(seed, 3))
                  .attribute("minTime", "long", () -> (long) Values.small(seed, 4))
                  .attribute("loadOnStartup", "int", () -> -1)
                  .attribute("asyncSupported", "boolean", () -> Values.flag(seed, 5))
                  .attribute("servletClass", "java.lang.String", () -> "com.example.Servlet")
                  .build());
    }
    registrar.register(
        "Catalina:type=DataSource,host=localhost,context="
            + context
            + ",class=javax.sql.DataSource,name=\"jdbc/main\"",
        seed ->
            MapBean.builder("org.apache.tomcat.dbcp.dbcp2.BasicDataSource")
                .attribute("numActive", "int", () -> Values.small(seed, 0))
                .attribute("numIdle", "int", () -> Values.small(seed, 1))
                .attribute("maxTotal", "int", () -> 50)
                .attribute("maxWaitMillis", "long", () -> 30000L)
                .attribute("testOnBorrow", "boolean", () -> true)
                .attribute("url", "java.lang.String", () -> "jdbc:postgresql://db/main")
                .build());
  }
}
