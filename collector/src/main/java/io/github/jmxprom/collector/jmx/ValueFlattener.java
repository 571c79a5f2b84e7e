package io.github.jmxprom.collector.jmx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularType;

/**
 * Turns one attribute value into scalar leaves, exactly as jmx_exporter does: CompositeData items
 * become path segments, TabularData rows add their index columns as extra key properties (a column
 * named {@code value} adds no segment, so MXBean maps read naturally), dates become epoch seconds,
 * enums and present Optionals are unwrapped, and null, arrays and empty Optionals are dropped.
 * Other types are dropped and reported as unsupported so they are not read again.
 */
final class ValueFlattener {

  /** Called for a value type that can never be exported. */
  interface UnsupportedListener {
    void unsupported(String attribute);
  }

  private final LeafReceiver receiver;

  ValueFlattener(LeafReceiver receiver) {
    this.receiver = receiver;
  }

  void flatten(
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String attribute,
      String description,
      Object value,
      UnsupportedListener unsupported) {
    if (value == null) {
      return;
    }
    if (value instanceof Number || value instanceof String || value instanceof Boolean) {
      receiver.leaf(bean, properties, path, attribute, description, value);
    } else if (value instanceof Date) {
      double seconds = ((Date) value).getTime() / 1000.0;
      receiver.leaf(bean, properties, path, attribute, description, seconds);
    } else if (value instanceof CompositeData) {
      composite(bean, properties, path, attribute, (CompositeData) value, unsupported);
    } else if (value instanceof TabularData) {
      tabular(bean, properties, path, attribute, (TabularData) value, unsupported);
    } else if (value.getClass().isArray()) {
      return;
    } else if (value instanceof Optional) {
      Optional<?> optional = (Optional<?>) value;
      if (optional.isPresent()) {
        flatten(bean, properties, path, attribute, description, optional.get(), unsupported);
      }
    } else if (value.getClass().isEnum()) {
      receiver.leaf(bean, properties, path, attribute, description, value.toString());
    } else {
      unsupported.unsupported(attribute);
    }
  }

  private void composite(
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String attribute,
      CompositeData composite,
      UnsupportedListener unsupported) {
    CompositeType type = composite.getCompositeType();
    List<String> childPath = append(path, attribute);
    for (String key : type.keySet()) {
      flatten(
          bean, properties, childPath, key, type.getDescription(), composite.get(key), unsupported);
    }
  }

  private void tabular(
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String attribute,
      TabularData table,
      UnsupportedListener unsupported) {
    TabularType tableType = table.getTabularType();
    List<String> indexNames = tableType.getIndexNames();
    CompositeType rowType = tableType.getRowType();
    Set<String> valueColumns = new TreeSet<>(rowType.keySet());
    valueColumns.removeAll(indexNames);
    List<String> childPath = append(path, attribute);
    for (Object row : table.values()) {
      if (!(row instanceof CompositeData)) {
        continue;
      }
      CompositeData data = (CompositeData) row;
      Map<String, String> rowProperties = withIndexColumns(properties, indexNames, data);
      for (String column : valueColumns) {
        // A column named "value" (an MXBean Map's value) adds no path segment.
        boolean valueColumn = column.equalsIgnoreCase("value");
        flatten(
            bean,
            rowProperties,
            valueColumn ? path : childPath,
            valueColumn ? attribute : column,
            rowType.getDescription(),
            data.get(column),
            unsupported);
      }
    }
  }

  private static Map<String, String> withIndexColumns(
      Map<String, String> properties, List<String> indexNames, CompositeData row) {
    LinkedHashMap<String, String> result = new LinkedHashMap<>(properties);
    for (String index : indexNames) {
      Object indexValue = row.get(index);
      if (indexValue == null) {
        continue;
      }
      // Nested tables repeat the index name ("key"), so later ones become key_, key__, ...
      String name = index;
      while (result.containsKey(name)) {
        name = name + "_";
      }
      if (indexValue instanceof CompositeData) {
        CompositeData key = (CompositeData) indexValue;
        for (String item : key.getCompositeType().keySet()) {
          Object itemValue = key.get(item);
          // Skipped like a null simple index value (jmx_exporter 1.0.1 fails the scrape here).
          if (itemValue != null) {
            result.put(name + "_" + item, itemValue.toString());
          }
        }
      } else {
        result.put(name, indexValue.toString());
      }
    }
    return Collections.unmodifiableMap(result);
  }

  private static List<String> append(List<String> path, String segment) {
    List<String> result = new ArrayList<>(path.size() + 1);
    result.addAll(path);
    result.add(segment);
    return Collections.unmodifiableList(result);
  }
}
