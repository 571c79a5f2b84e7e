package io.github.jmxprom.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The remembered texts are always Double.toString's, whatever values share a slot. */
class FractionTextsTest {

  @Test
  void everyValueGetsItsOwnTextAlsoWhenValuesShareASlot() {
    Random random = new Random(7);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] =
          switch (i % 4) {
            case 0 -> random.nextDouble();
            case 1 -> (random.nextInt(1000) / 3.0);
            case 2 -> Double.longBitsToDouble(random.nextLong());
            default -> values[random.nextInt(i)]; // met before
          };
    }
    // Twice: the second round reads what the first remembered (20,000 values, 2,048 slots).
    for (int round = 0; round < 2; round++) {
      for (double value : values) {
        assertThat(new String(FractionTexts.text(value), StandardCharsets.US_ASCII))
            .isEqualTo(Double.toString(value));
      }
    }
  }

  @Test
  void zerosNaNAndTinyValuesKeepTheirForms() {
    for (double value : new double[] {-0.0, 0.0, Double.NaN, 4.9E-324, 1.0E-5, 1.0E7, -2.5}) {
      assertThat(new String(FractionTexts.text(value), StandardCharsets.US_ASCII))
          .isEqualTo(Double.toString(value));
    }
  }
}
