package io.github.jmxprom.standalone.tools;

/**
 * A number read back from an inventory whose Java type is not one the JDK can rebuild from text (a
 * {@code LongAdder}, a vendor's own Number): it keeps the recorded text, which is what the pattern
 * input shows, and its value.
 */
final class RecordedNumber extends Number {

  private static final long serialVersionUID = 1L;

  private final String type;
  private final String text;
  private final double value;

  RecordedNumber(String type, String text) {
    this.type = type;
    this.text = text;
    this.value = Double.parseDouble(text);
  }

  static boolean parses(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The simple name of the recorded type; dump writes it again. */
  String type() {
    return type;
  }

  @Override
  public int intValue() {
    return (int) value;
  }

  @Override
  public long longValue() {
    return (long) value;
  }

  @Override
  public float floatValue() {
    return (float) value;
  }

  @Override
  public double doubleValue() {
    return value;
  }

  @Override
  public String toString() {
    return text;
  }
}
