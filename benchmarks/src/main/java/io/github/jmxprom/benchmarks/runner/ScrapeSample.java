package io.github.jmxprom.benchmarks.runner;

/**
 * One measured scrape. CPU and allocation are deltas of the probe's readings around the scrape,
 * minus what the probe's own requests cost when nothing else happens; for the agent they are the
 * target JVM's (the agent runs there), for the standalone scenario both JVMs are given.
 */
record ScrapeSample(
    String scenario,
    int rep,
    Exporter exporter,
    int round,
    double wallMs,
    double targetCpuMs,
    double targetAllocMib,
    double exporterCpuMs,
    double exporterAllocMib,
    int bytes,
    long gcs) {

  static String csvHeader() {
    return "scenario,rep,exporter,round,wall_ms,target_cpu_ms,target_alloc_mib,"
        + "exporter_cpu_ms,exporter_alloc_mib,bytes,gcs";
  }

  String csv() {
    return String.join(
        ",",
        scenario,
        Integer.toString(rep),
        exporter.name(),
        Integer.toString(round),
        format(wallMs),
        format(targetCpuMs),
        format(targetAllocMib),
        format(exporterCpuMs),
        format(exporterAllocMib),
        Integer.toString(bytes),
        Long.toString(gcs));
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "" : String.format(java.util.Locale.ROOT, "%.3f", value);
  }
}
