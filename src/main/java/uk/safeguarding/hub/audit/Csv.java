package uk.safeguarding.hub.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV export as the hub writes every one (the audit, the quarterly figures, the disclosure log): RFC 4180 by
 * Apache Commons CSV, and safe to open in a spreadsheet. A cell that starts with {@code =}, {@code +}, {@code -},
 * {@code @}, a tab or a carriage return is written with a leading {@code '}, so that it is read as text and never
 * run as a formula (what a refusal reason or a name sent by an agency could otherwise smuggle in).
 */
public final class Csv {

    private final StringBuilder out = new StringBuilder();
    private final CSVPrinter printer;

    public Csv(String... header) {
        try {
            printer = new CSVPrinter(out, CSVFormat.RFC4180);
            printer.printRecord((Object[]) header);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder never fails
        }
    }

    /** One line; a null cell is empty. */
    public Csv row(Object... cells) {
        return row(Arrays.asList(cells));
    }

    public Csv row(List<?> cells) {
        try {
            printer.printRecord(cells.stream().map(Csv::safe));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    static String safe(Object cell) {
        if (cell == null) {
            return "";
        }
        String text = cell.toString();
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
