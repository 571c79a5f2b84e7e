package io.github.jmxprom.collector.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per family, the order in which its samples sort by labels: the order in which they are
 * exposed (client_java sorts the data points of every snapshot; the exporter's own text writer
 * writes them in this order). Handed them already in order, client_java's sort only confirms the
 * order (one comparison per data point instead of about log2(n)). From one scrape to the next a
 * family usually has the same samples, in the same walk order, with the same {@link LabelSet}
 * instances (remembered with the rule decisions), so the order found once is reused. When some
 * samples are new (beans came and went), the known ones are put in their known order and the new
 * ones after them, and a merge sort (which finds that run) finishes the job in little more than one
 * pass. The order only ever saves work: client_java sorts whatever it gets.
 *
 * <pre>{@code
 * FamilyOrder order = new FamilyOrder();
 * int[] sorted = order.sorted("kafka_log_size", labelSets); // indexes into labelSets, in order
 * order.endScrape();
 * }</pre>
 */
public final class FamilyOrder {

  private static final Comparator<LabelSet> BY_LABELS =
      new Comparator<LabelSet>() {
        @Override
        public int compare(LabelSet a, LabelSet b) {
          return a.labels().compareTo(b.labels());
        }
      };

  private final Map<String, Known> families = new ConcurrentHashMap<>();
  private volatile int scrape;

  /** The indexes of {@code labels} in label order; the sets must have no problem. */
  int[] sorted(String family, List<LabelSet> labels) {
    return known(family, labels).order;
  }

  /** As {@link #sorted}, with what is remembered with that order. */
  Known known(String family, List<LabelSet> labels) {
    LabelSet[] current = labels.toArray(new LabelSet[0]);
    Known known = families.get(family);
    if (known == null || !sameInstances(known.labels, current)) {
      known = new Known(current, sort(current, known));
      families.put(family, known);
    }
    known.lastUsed = scrape;
    return known;
  }

  /** The indexes of {@code labels} in label order, without remembering it. */
  static int[] sortOnce(List<LabelSet> labels) {
    LabelSet[] all = labels.toArray(new LabelSet[0]);
    Integer[] indexes = new Integer[all.length];
    for (int i = 0; i < indexes.length; i++) {
      indexes[i] = i;
    }
    return toInts(sortIndexes(all, indexes));
  }

  /** Ends a scrape: forgets families it did not have. */
  public void endScrape() {
    int current = scrape;
    for (Iterator<Known> it = families.values().iterator(); it.hasNext(); ) {
      if (it.next().lastUsed != current) {
        it.remove();
      }
    }
    scrape = current + 1;
  }

  private static boolean sameInstances(LabelSet[] a, LabelSet[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  private static int[] sort(LabelSet[] labels, Known previous) {
    if (previous == null) {
      Integer[] all = new Integer[labels.length];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return toInts(sortIndexes(labels, all));
    }
    // Known label sets keep their known relative order without a comparison; only the new ones
    // are sorted and then placed by binary search: k log n comparisons for k new of n. A set's
    // place is remembered in the set itself (no table as large as the family to build and probe).
    int[] byRank = new int[previous.labels.length];
    Arrays.fill(byRank, -1);
    List<Integer> fresh = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      int r = previous.rankOf(labels[i]);
      if (r < 0 || byRank[r] >= 0) {
        fresh.add(i);
      } else {
        byRank[r] = i;
      }
    }
    int[] known = new int[labels.length - fresh.size()];
    int k = 0;
    for (int i : byRank) {
      if (i >= 0) {
        known[k++] = i;
      }
    }
    Integer[] added = sortIndexes(labels, fresh.toArray(new Integer[0]));
    int[] order = new int[labels.length];
    int next = 0;
    int from = 0;
    for (Integer a : added) {
      int at = insertionPoint(labels, known, from, labels[a]);
      while (from < at) {
        order[next++] = known[from++];
      }
      order[next++] = a;
    }
    while (from < known.length) {
      order[next++] = known[from++];
    }
    return order;
  }

  /** The first position in {@code known[from..]} whose labels sort after {@code labels}. */
  private static int insertionPoint(LabelSet[] all, int[] known, int from, LabelSet labels) {
    int low = from;
    int high = known.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (BY_LABELS.compare(all[known[mid]], labels) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private static Integer[] sortIndexes(final LabelSet[] labels, Integer[] indexes) {
    Arrays.sort(
        indexes,
        new Comparator<Integer>() {
          @Override
          public int compare(Integer a, Integer b) {
            return BY_LABELS.compare(labels[a], labels[b]);
          }
        });
    return indexes;
  }

  private static int[] toInts(Integer[] indexes) {
    int[] order = new int[indexes.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = indexes[i];
    }
    return order;
  }

  /** A family's remembered order, and the text of its sample lines in that order. */
  static final class Known {
    final LabelSet[] labels;
    final int[] order;
    volatile int lastUsed;
    volatile SampleLines lines;

    Known(LabelSet[] labels, int[] order) {
      this.labels = labels;
      this.order = order;
      for (int r = 0; r < order.length; r++) {
        LabelSet set = labels[order[r]];
        set.rankedIn = this;
        set.rank = r;
      }
    }

    /**
     * The set's place in this sorted order, or -1 when it is not one of this order's sets. By
     * instance: a leaf whose value changed shape gets a new (equal) label set, which is then placed
     * like a new one, in the same place.
     */
    int rankOf(LabelSet set) {
      if (set.rankedIn != this) {
        return -1;
      }
      int r = set.rank;
      return r < order.length && labels[order[r]] == set ? r : -1;
    }
  }
}
