package io.github.jmxprom.benchmarks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * results/latest.svg: per scenario, horizontal bars of jmx_exporter/jmxprom ratios on a log scale
 * (wall p50, CPU, allocation per scrape), with the target marked where it has one.
 */
final class SvgChart {

  private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f"};
  private static final String[] MEASURES = {
    "p50 scrape time", "CPU / scrape", "allocation / scrape"
  };
  private static final int LABEL_WIDTH = 250;
  private static final int PLOT_WIDTH = 560;
  private static final int BAR = 16;
  private static final int GROUP_GAP = 18;

  private SvgChart() {}

  private record Bar(String measure, double ratio, double target, int color) {}

  static String render(List<Summary> summaries, String subtitle) {
    double max = 10;
    List<List<Bar>> groups = new ArrayList<>();
    for (Summary s : summaries) {
      List<Bar> bars = new ArrayList<>();
      double cpuTarget =
          s.scenario.standalone()
              ? 5
              : s.scenario.config().equals(Scenario.NO_RULES) ? 5 : s.scenario.large() ? 0 : 10;
      bars.add(
          new Bar(
              MEASURES[0],
              Summary.ratio(s.wallP50(Exporter.JMX_EXPORTER), s.wallP50(Exporter.JMXPROM)),
              s.scenario.standalone() ? 5 : 0,
              0));
      bars.add(
          new Bar(
              MEASURES[1],
              Summary.ratio(
                  s.exporterSideCpu(Exporter.JMX_EXPORTER), s.exporterSideCpu(Exporter.JMXPROM)),
              cpuTarget,
              1));
      bars.add(
          new Bar(
              MEASURES[2],
              Summary.ratio(
                  s.exporterSideAlloc(Exporter.JMX_EXPORTER),
                  s.exporterSideAlloc(Exporter.JMXPROM)),
              s.scenario.standalone() ? 0 : cpuTarget,
              2));
      for (Bar bar : bars) {
        if (!Double.isNaN(bar.ratio) && !Double.isInfinite(bar.ratio)) {
          max = Math.max(max, bar.ratio);
        }
      }
      groups.add(bars);
    }
    double decades = Math.ceil(Math.log10(max) + 0.05);
    double min = 0.5;
    double span = decades - Math.log10(min);
    int top = 70;
    int height = top + groups.size() * (3 * BAR + GROUP_GAP) + 50;
    int width = LABEL_WIDTH + PLOT_WIDTH + 70;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d"
                + " %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height,
            width,
            height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        "<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">How many times cheaper a"
            + " scrape is with jmxprom than with jmx_exporter 1.0.1</text>\n");
    svg.append(
        String.format("<text x=\"10\" y=\"40\" fill=\"#555\">%s</text>%n", escape(subtitle)));
    int bottom = height - 40;
    for (double tick : ticks(min, Math.pow(10, decades))) {
      double x = LABEL_WIDTH + (Math.log10(tick) - Math.log10(min)) / span * PLOT_WIDTH;
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n"
                  + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s×</text>%n",
              x,
              top - 10,
              x,
              bottom,
              tick == 1 ? "#000" : "#ddd",
              x,
              bottom + 15,
              tick < 1 ? String.valueOf(tick) : String.valueOf((long) tick)));
    }
    int y = top;
    for (int g = 0; g < groups.size(); g++) {
      Summary s = summaries.get(g);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
              y + BAR,
              escape(s.scenario.title())));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"10\" y=\"%d\" fill=\"#555\">N=%,d MBeans%s</text>%n",
              y + 2 * BAR + 2,
              s.scenario.mbeans(),
              s.outputEqual() ? ", output equal" : ", OUTPUT DIFFERS"));
      for (Bar bar : groups.get(g)) {
        double ratio = Double.isNaN(bar.ratio) ? 1 : Math.max(min, bar.ratio);
        double x1 = LABEL_WIDTH + (0 - Math.log10(min)) / span * PLOT_WIDTH;
        double x2 = LABEL_WIDTH + (Math.log10(ratio) - Math.log10(min)) / span * PLOT_WIDTH;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s: %s</title></rect>%n",
                Math.min(x1, x2),
                y + 1,
                Math.abs(x2 - x1),
                BAR - 3,
                bar.ratio < 1 ? "#e15759" : COLORS[bar.color],
                bar.measure,
                Report.ratio(bar.ratio)));
        svg.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" fill=\"#333\">%s</text>%n",
                Math.max(x1, x2) + 4,
                y + BAR - 4,
                Report.ratio(bar.ratio)));
        if (bar.target > 0) {
          double tx = LABEL_WIDTH + (Math.log10(bar.target) - Math.log10(min)) / span * PLOT_WIDTH;
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\""
                      + " stroke-width=\"2\" stroke-dasharray=\"3,2\"/>%n",
                  tx,
                  y,
                  tx,
                  y + BAR));
        }
        y += BAR;
      }
      y += GROUP_GAP;
    }
    int lx = LABEL_WIDTH;
    for (int i = 0; i < MEASURES.length; i++) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"48\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"58\">%s</text>%n",
              lx,
              COLORS[i],
              lx + 16,
              MEASURES[i]));
      lx += 150;
    }
    svg.append(
        String.format(
            Locale.ROOT, "<text x=\"%d\" y=\"58\" fill=\"#555\">dashed: target</text>%n", lx));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"10\" y=\"%d\" fill=\"#555\">Ratio jmx_exporter / jmxprom, log scale; CPU and"
                + " allocation of the exporter's JVM per scrape.</text>%n",
            height - 8));
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static List<Double> ticks(double min, double max) {
    List<Double> ticks = new ArrayList<>();
    ticks.add(min);
    for (double decade = 1; decade <= max; decade *= 10) {
      for (double step : new double[] {1, 2, 5}) {
        if (decade * step <= max) {
          ticks.add(decade * step);
        }
      }
    }
    return ticks;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
