package io.orderflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** A self-contained HTML page (inline SVG, no script, nothing fetched) with a run's throughput and latency over time. */
final class Chart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 300;
    private static final int LEFT = 60;
    private static final int RIGHT = 20;
    private static final int TOP = 20;
    private static final int BOTTOM = 40;

    private Chart() {
    }

    /** A line to draw: its name, colour and value per second (negative: no value). */
    record Series(String name, String colour, double[] values) {
    }

    /** A curve to draw: its legend, its colour, and the value it takes from each second. */
    private record Curve(String name, String colour, ToDoubleFunction<Timeline.Second> value) {
    }

    private static final List<Curve> THROUGHPUT = List.of(
            new Curve("due to be sent", "#999", Timeline.Second::sent),
            new Curve("accepted (201)", "#1f77b4", Timeline.Second::accepted),
            new Curve("final (confirmed, rejected, cancelled)", "#2ca02c", Timeline.Second::finals),
            new Curve("errors and refusals", "#d62728", Timeline.Second::errors));
    private static final List<Curve> LATENCY = List.of(
            new Curve("accept p50", "#aec7e8", Timeline.Second::acceptP50),
            new Curve("accept p99", "#1f77b4", Timeline.Second::acceptP99),
            new Curve("place -> final p50", "#98df8a", Timeline.Second::finalP50),
            new Curve("place -> final p99", "#2ca02c", Timeline.Second::finalP99));

    @SuppressWarnings("unchecked")
    static String html(Map<String, Object> d) {
        List<Timeline.Second> seconds = (List<Timeline.Second>) d.get("timeline");
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Orderflow benchmark ")
                .append(esc(d.get("runId"))).append("</title>\n<style>body{font-family:sans-serif;margin:2em;color:#222}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "td:first-child,th:first-child{text-align:left}.fail{color:#b00;font-weight:bold}"
                        + ".pass{color:#070}svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
        h.append("<h1>Orderflow benchmark ").append(esc(d.get("runId"))).append("</h1>\n<p>")
                .append(esc(d.get("startedAt"))).append(" &middot; options ").append(esc(d.get("options")))
                .append(" &middot; machine ").append(esc(d.get("machine"))).append("</p>\n");
        Map<String, Object> t = (Map<String, Object>) d.get("throughput");
        h.append("<p>Offered ").append(esc(t.get("offeredPerSecond") == null ? "closed model" : t.get("offeredPerSecond")))
                .append(" orders/s; accepted ").append(esc(t.get("acceptedPerSecond"))).append(" orders/s; final ")
                .append(esc(t.get("finalPerSecond"))).append(" orders/s; errors ").append(esc(t.get("errors")))
                .append("; drain ").append(esc(t.get("drainSeconds"))).append(" s; sustained: ")
                .append(esc(t.get("sustained"))).append("</p>\n");
        h.append("<h2>Throughput per second</h2>\n");
        h.append(svg(seconds, "orders/s", curves(seconds, THROUGHPUT)));
        h.append("<h2>Latency of the orders due in each second (ms)</h2>\n");
        h.append(svg(seconds, "ms", curves(seconds, LATENCY)));
        h.append("<h2>Latency over the run (ms)</h2>\n<table><tr><th>latency</th><th>n</th><th>p50</th><th>p95</th>"
                + "<th>p99</th><th>p99.9</th><th>max</th><th>mean</th></tr>\n");
        for (Latency.Summary s : (List<Latency.Summary>) d.get("latencyMs")) {
            h.append("<tr><td>").append(esc(s.name())).append("</td><td>").append(s.count()).append("</td><td>")
                    .append(num(s.p50())).append("</td><td>").append(num(s.p95())).append("</td><td>")
                    .append(num(s.p99())).append("</td><td>").append(num(s.p999())).append("</td><td>")
                    .append(num(s.max())).append("</td><td>").append(num(s.mean())).append("</td></tr>\n");
        }
        h.append("</table>\n<ul>");
        for (String note : (List<String>) d.get("latencyNotes")) {
            h.append("<li>").append(esc(note)).append("</li>");
        }
        h.append("</ul>\n<h2>Services</h2>\n<table><tr><th>service</th><th>pid</th><th>RSS before (MB)</th>"
                + "<th>RSS after (MB)</th><th>RSS peak (MB)</th><th>CPU cores during run</th><th>start-up (s)</th></tr>\n");
        for (Map<String, Object> s : (List<Map<String, Object>>) d.get("services")) {
            h.append("<tr><td>").append(esc(s.get("service"))).append("</td><td>").append(esc(s.get("pid")))
                    .append("</td><td>").append(esc(s.get("rssMbBefore"))).append("</td><td>")
                    .append(esc(s.get("rssMbAfter"))).append("</td><td>").append(esc(s.get("rssMbPeak")))
                    .append("</td><td>").append(esc(s.get("cpuCoresDuringRun"))).append("</td><td>")
                    .append(esc(s.get("startupSeconds"))).append("</td></tr>\n");
        }
        h.append("</table>\n");
        cpu(h, (Map<String, Object>) d.get("cpu"));
        h.append("<h2>Invariant check</h2>\n<ul>\n");
        for (Map<String, Object> c : (List<Map<String, Object>>) d.get("checks")) {
            boolean passed = Boolean.TRUE.equals(c.get("passed"));
            h.append("<li><span class=\"").append(passed ? "pass\">PASS" : "fail\">FAIL").append("</span> ")
                    .append(esc(c.get("name"))).append(": ").append(esc(c.get("detail"))).append("</li>\n");
        }
        h.append("</ul>\n</body></html>\n");
        return h.toString();
    }

    /** Appends each process's cores and CPU per completed order. */
    @SuppressWarnings("unchecked")
    private static void cpu(StringBuilder h, Map<String, Object> cpu) {
        h.append("<h2>CPU per completed order</h2>\n<p>").append(esc(cpu.get("completedOrders")))
                .append(" completed orders in ").append(esc(cpu.get("windowSeconds"))).append(" s; ")
                .append(esc(cpu.get("window"))).append("</p>\n<table><tr><th>process</th><th>cores</th>"
                        + "<th>ms per order</th><th>JIT compiler cores</th></tr>\n");
        List<Map<String, Object>> rows = new ArrayList<>((List<Map<String, Object>>) cpu.get("processes"));
        rows.add((Map<String, Object>) cpu.get("systemWithoutLoadGenerator"));
        for (Map<String, Object> row : rows) {
            h.append("<tr><td>").append(esc(row.get("name"))).append("</td><td>").append(esc(row.get("cores")))
                    .append("</td><td>").append(esc(row.get("msPerOrder"))).append("</td><td>")
                    .append(esc(row.get("compilerCores"))).append("</td></tr>\n");
        }
        h.append("</table>\n<p>Machine busy ").append(esc(cpu.get("machineBusyCores"))).append(" cores, of which ")
                .append(esc(cpu.get("unaccountedCores"))).append(" not accounted to a process above.</p>\n");
    }

    private static List<Series> curves(List<Timeline.Second> seconds, List<Curve> curves) {
        return curves.stream().map(curve -> series(curve.name(), curve.colour(), seconds, curve.value())).toList();
    }

    static Series series(String name, String colour, List<Timeline.Second> seconds,
            ToDoubleFunction<Timeline.Second> value) {
        double[] v = new double[seconds.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = value.applyAsDouble(seconds.get(i));
        }
        return new Series(name, colour, v);
    }

    static String svg(List<Timeline.Second> seconds, String unit, List<Series> series) {
        int n = Math.max(2, seconds.size());
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Math.max(max, v);
            }
        }
        max = niceCeiling(max);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT + 20 * ((series.size() + 1) / 2)).append("\" font-size=\"11\">\n");
        // grid and y labels
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotH - plotH * i / 5;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, WIDTH - RIGHT, y,
                    LEFT - 5, y + 4, label(max * i / 5)));
        }
        int step = Math.max(1, (int) niceCeiling(n / 10.0));
        for (int s = 0; s < n; s += step) {
            double x = LEFT + plotW * s / (n - 1);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>%n", x,
                    TOP + (int) plotH + 15, s));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" "
                + "text-anchor=\"middle\">%s</text>%n", TOP + (int) plotH / 2, TOP + (int) plotH / 2, unit));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds into the "
                + "measured window</text>%n", LEFT + (int) plotW / 2, TOP + (int) plotH + 30));
        for (Series s : series) {
            List<String> points = new ArrayList<>();
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < s.values().length; i++) {
                double v = s.values()[i];
                if (v < 0) {
                    if (!points.isEmpty()) {
                        path.append(polyline(points, s.colour()));
                        points.clear();
                    }
                    continue;
                }
                double x = LEFT + plotW * i / (n - 1);
                double y = TOP + plotH - (max == 0 ? 0 : plotH * v / max);
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            }
            if (!points.isEmpty()) {
                path.append(polyline(points, s.colour()));
            }
            svg.append(path);
        }
        for (int i = 0; i < series.size(); i++) {
            int x = LEFT + (i % 2) * 400;
            int y = HEIGHT + 5 + (i / 2) * 18;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x, y, series.get(i).colour(), x + 20, y + 6,
                    esc(series.get(i).name())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String polyline(List<String> points, String colour) {
        if (points.size() == 1) {
            String[] xy = points.getFirst().split(",");
            return "<circle cx=\"" + xy[0] + "\" cy=\"" + xy[1] + "\" r=\"2\" fill=\"" + colour + "\"/>\n";
        }
        return "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.5\" points=\""
                + String.join(" ", points) + "\"/>\n";
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v} (1 for 0). */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= v - 1e-9) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String label(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(Object o) {
        return String.valueOf(o).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
