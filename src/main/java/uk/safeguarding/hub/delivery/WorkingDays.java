package uk.safeguarding.hub.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Working days in England: Monday to Friday except the bank holidays listed in {@code config/bank-holidays.yaml}.
 * A bad line stops the start with a message naming it.
 */
public final class WorkingDays {

    /** The bank holidays file cannot be used: the start stops with this message. */
    public static class BankHolidaysFileException extends IllegalStateException {
        BankHolidaysFileException(String message) {
            super(message);
        }
    }

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final Set<LocalDate> bankHolidays;

    public WorkingDays(Set<LocalDate> bankHolidays) {
        this.bankHolidays = Set.copyOf(bankHolidays);
    }

    public static WorkingDays fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BankHolidaysFileException("cannot read the bank holidays file " + file + ": " + e.getMessage());
        }
        Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new java.io.StringReader(text));
        List<String> problems = new ArrayList<>();
        Set<LocalDate> days = new TreeSet<>();
        SequenceNode list = null;
        if (root instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && "bank-holidays".equals(k.getValue())) {
                    if (t.getValueNode() instanceof SequenceNode seq) {
                        list = seq;
                    } else {
                        problems.add(line(t.getValueNode()) + ": bank-holidays must be a list of dates");
                    }
                } else {
                    problems.add(line(t.getKeyNode()) + ": unknown key (only bank-holidays)");
                }
            }
        }
        if (list == null && problems.isEmpty()) {
            problems.add("line 1: the file needs a list 'bank-holidays'");
        }
        if (list != null) {
            for (Node n : list.getValue()) {
                String value = n instanceof ScalarNode s ? s.getValue() : null;
                try {
                    days.add(LocalDate.parse(String.valueOf(value)));
                } catch (DateTimeParseException e) {
                    problems.add(line(n) + ": '" + value + "' is not a date (YYYY-MM-DD)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BankHolidaysFileException(
                    "the bank holidays file " + file + " is not valid: " + String.join("; ", problems));
        }
        return new WorkingDays(days);
    }

    private static String line(Node n) {
        return "line " + (n.getStartMark().getLine() + 1);
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY
                && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !bankHolidays.contains(day);
    }

    /** The same time of day, {@code days} working days later (London time); 0 is the moment itself. */
    public Instant plus(Instant from, int days) {
        ZonedDateTime at = from.atZone(LONDON);
        for (int left = days; left > 0; ) {
            at = at.plusDays(1);
            if (isWorkingDay(at.toLocalDate())) {
                left--;
            }
        }
        return at.toInstant();
    }
}
