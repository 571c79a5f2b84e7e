#!/bin/sh
# Side-by-side scrape benchmark of jmxprom against jmx_exporter 1.0.1 (issue D).
# Builds the agent and standalone jars and this module, then runs every scenario and writes
# benchmarks/results/latest.md, latest.svg and latest.csv. Options go to the runner, e.g.
#   benchmarks/run.sh --n 2000 --n-large 10000 --reps 1 --scenarios agent-rules,agent-norules
# (see benchmarks/README.md). MVN overrides the Maven command (e.g. MVN="mvn -o").
set -eu
cd "$(dirname "$0")/.."
${MVN:-mvn} -B -q -Pbenchmarks -pl benchmarks -am package \
  -DskipTests -Djacoco.skip=true -Dspotless.check.skip=true
exec java -cp "$(ls benchmarks/target/jmxprom-benchmarks-*.jar | head -n 1)" \
  -Dbench.home=benchmarks io.github.jmxprom.benchmarks.runner.BenchmarkRunner "$@"
