#!/bin/sh
# Runs the demo application with the jmxprom java agent and prints what the agent serves.
# Needs a built agent jar: mvn -B -q install -DskipTests
set -eu
cd "$(dirname "$0")/.."
JAR=$(ls agent/javaagent/target/jmxprom-javaagent-*.jar 2>/dev/null | grep -v '/original-' | head -n 1)
if [ -z "$JAR" ]; then
  echo "no agent jar: run 'mvn -B -q install -DskipTests' first" >&2
  exit 1
fi
PORT=${PORT:-9404}
exec java "-javaagent:$JAR=127.0.0.1:$PORT:examples/agent-demo/demo.yaml" \
  examples/agent-demo/DemoApp.java "http://127.0.0.1:$PORT/metrics"
