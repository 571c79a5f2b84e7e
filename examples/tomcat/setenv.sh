#!/bin/sh
# $CATALINA_BASE/bin/setenv.sh: JMX remote on 8008 and the jmxprom agent serving :8181/metrics.
CATALINA_OPTS="$CATALINA_OPTS \
 -Dcom.sun.management.jmxremote \
 -Dcom.sun.management.jmxremote.port=8008 \
 -Dcom.sun.management.jmxremote.authenticate=false \
 -Dcom.sun.management.jmxremote.ssl=false \
 -javaagent:/opt/jmxprom/jmxprom-javaagent.jar=8181:/opt/jmxprom/tomcat_8181.yaml"
export CATALINA_OPTS
