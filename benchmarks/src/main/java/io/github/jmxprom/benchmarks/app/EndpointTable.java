package io.github.jmxprom.benchmarks.app;

import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/** A TabularData with a two-column index ({@code host}, {@code port}), built by hand. */
final class EndpointTable {

  private static final String[] ITEMS = {"host", "port", "requests", "latency"};
  private static final CompositeType ROW;
  private static final TabularType TABLE;

  static {
    try {
      ROW =
          new CompositeType(
              "Endpoint",
              "one remote endpoint",
              ITEMS,
              ITEMS,
              new OpenType<?>[] {
                SimpleType.STRING, SimpleType.INTEGER, SimpleType.LONG, SimpleType.DOUBLE
              });
      TABLE = new TabularType("Endpoints", "remote endpoints", ROW, new String[] {"host", "port"});
    } catch (OpenDataException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private EndpointTable() {}

  static TabularData of(int seed, int rows) {
    TabularDataSupport table = new TabularDataSupport(TABLE);
    try {
      for (int i = 0; i < rows; i++) {
        table.put(
            new CompositeDataSupport(
                ROW,
                ITEMS,
                new Object[] {
                  "backend-" + (i % 2), 8080 + i, Values.count(seed, i), Values.latency(seed, i)
                }));
      }
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
    return table;
  }
}
