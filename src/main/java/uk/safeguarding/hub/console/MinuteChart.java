package uk.safeguarding.hub.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import uk.safeguarding.hub.operations.Dashboard;

/**
 * Messages per minute drawn as an SVG bar chart by the server: it needs no script and no chart library, reads the
 * same with JavaScript off, and carries a text summary and a table of ten-minute totals for screen readers.
 */
record MinuteChart(
        int width,
        int height,
        List<Bar> bars,
        List<Tick> ticks,
        long busiest,
        long total,
        String from,
        String to,
        List<Span> spans) {

    static final int WIDTH = 900;
    static final int HEIGHT = 220;
    static final int PLOT_TOP = 10;
    static final int PLOT_BOTTOM = 190;
    static final int LEFT = 40;
    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.of("Europe/London"));

    record Bar(double x, double y, double width, double height, String label) {}

    record Tick(double x, String label) {}

    record Span(String from, String to, long messages) {}

    static MinuteChart of(List<Dashboard.Minute> minutes) {
        long busiest =
                minutes.stream().mapToLong(Dashboard.Minute::messages).max().orElse(0);
        long scale = Math.max(1, busiest);
        long total = minutes.stream().mapToLong(Dashboard.Minute::messages).sum();
        int n = Math.max(1, minutes.size());
        double step = (WIDTH - LEFT - 10) / (double) n;
        List<Bar> bars = new ArrayList<>();
        List<Tick> ticks = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < minutes.size(); i++) {
            Dashboard.Minute m = minutes.get(i);
            double h = (PLOT_BOTTOM - PLOT_TOP) * m.messages() / (double) scale;
            double x = LEFT + i * step;
            if (m.messages() > 0) {
                bars.add(new Bar(
                        x, PLOT_BOTTOM - h, Math.max(1, step - 1), h, CLOCK.format(m.start()) + ": " + m.messages()));
            }
            if (m.start().getEpochSecond() / 60 % 30 == 0) {
                ticks.add(new Tick(x, CLOCK.format(m.start())));
            }
            if (i % 10 == 0) {
                long sum = minutes.subList(i, Math.min(minutes.size(), i + 10)).stream()
                        .mapToLong(Dashboard.Minute::messages)
                        .sum();
                Instant end =
                        minutes.get(Math.min(minutes.size() - 1, i + 9)).start().plusSeconds(60);
                spans.add(new Span(CLOCK.format(m.start()), CLOCK.format(end), sum));
            }
        }
        return new MinuteChart(
                WIDTH,
                HEIGHT,
                bars,
                ticks,
                busiest,
                total,
                minutes.isEmpty() ? "–" : CLOCK.format(minutes.get(0).start()),
                minutes.isEmpty()
                        ? "–"
                        : CLOCK.format(minutes.get(minutes.size() - 1).start().plusSeconds(60)),
                spans);
    }
}
