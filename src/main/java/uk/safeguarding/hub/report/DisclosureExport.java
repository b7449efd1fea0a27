package uk.safeguarding.hub.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import uk.safeguarding.hub.audit.Csv;

/**
 * The disclosure log as it goes out in a subject access response, as CSV and as PDF (Apache PDFBox): the entries
 * not withheld, then how many were withheld under a safeguarding exemption, never which.
 */
public final class DisclosureExport {

    private static final DateTimeFormatter UK =
            DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm").withZone(ZoneId.of("Europe/London"));
    static final String[] COLUMNS = {
        "date",
        "about",
        "nhs_number",
        "recipient",
        "recipient_role",
        "basis",
        "event",
        "sender",
        "profile",
        "removed",
        "to_be_told"
    };

    private DisclosureExport() {}

    public static String csv(DisclosureLog.Log log) {
        Csv csv = new Csv(COLUMNS);
        for (DisclosureLog.Disclosure d : log.released()) {
            csv.row(
                    d.decidedAt(),
                    d.about(),
                    d.aboutNhs(),
                    d.recipientName() + " (" + d.recipient() + ")",
                    text(d.role()),
                    text(d.basis()),
                    text(d.event()),
                    text(d.sender()),
                    text(d.profile()),
                    String.join("; ", d.removed()),
                    told(d));
        }
        return csv.row("# " + withheldLine(log)).toString();
    }

    public static byte[] pdf(DisclosureLog.Log log, Instant generated) {
        List<String> lines = new ArrayList<>();
        lines.add("#Disclosures by the Safeguarding Hub");
        lines.add("About NHS number " + log.nhs()
                + (log.children().isEmpty() ? "" : " and their linked children " + String.join(", ", log.children())));
        lines.add("Made " + UK.format(generated) + ". " + log.released().size() + " disclosure(s) listed. "
                + withheldLine(log));
        lines.add("");
        int n = 1;
        for (DisclosureLog.Disclosure d : log.released()) {
            lines.add(
                    "#" + n++ + ". " + UK.format(d.decidedAt()) + ": " + text(d.event()) + " to " + d.recipientName());
            lines.add("About: " + d.about() + " (NHS number " + d.aboutNhs() + ")");
            lines.add("Recipient: " + d.recipientName() + " (" + d.recipient() + "), " + text(d.role()));
            lines.add("Legal basis: " + text(d.basis()) + ". Sent by: " + text(d.sender()) + ".");
            lines.add("Shared as profile " + text(d.profile())
                    + (d.removed().isEmpty()
                            ? "; nothing removed."
                            : "; removed: " + String.join(", ", d.removed()) + "."));
            lines.add("Whether the person was to be told: " + told(d) + ".");
            lines.add("");
        }
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            float margin = 56;
            float width = PDRectangle.A4.getWidth() - 2 * margin;
            float leading = 15;
            PDPageContentStream page = null;
            float y = 0;
            for (String raw : lines) {
                boolean heading = raw.startsWith("#");
                PDType1Font font = heading ? bold : regular;
                float size = raw.startsWith("#Disclosures") ? 16 : 10.5f;
                for (String line : wrap(printable(heading ? raw.substring(1) : raw), font, size, width)) {
                    if (page == null || y < margin) {
                        if (page != null) {
                            page.close();
                        }
                        PDPage p = new PDPage(PDRectangle.A4);
                        doc.addPage(p);
                        page = new PDPageContentStream(doc, p);
                        y = PDRectangle.A4.getHeight() - margin;
                    }
                    page.beginText();
                    page.setFont(font, size);
                    page.newLineAtOffset(margin, y);
                    page.showText(line);
                    page.endText();
                    y -= leading * size / 10.5f;
                }
            }
            if (page != null) {
                page.close();
            }
            doc.getDocumentInformation().setTitle("Disclosures about NHS number " + log.nhs());
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the disclosure log as PDF: " + e.getMessage(), e);
        }
    }

    static String withheldLine(DisclosureLog.Log log) {
        return log.withheldCount() == 0
                ? "No entry is withheld."
                : log.withheldCount() + " entr" + (log.withheldCount() == 1 ? "y is" : "ies are")
                        + " withheld under a safeguarding exemption.";
    }

    private static String told(DisclosureLog.Disclosure d) {
        return d.informSubject() == null ? "not decided" : d.informSubject() ? "yes" : "no";
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    /** The standard fonts encode WinAnsi only: anything else is shown as '?'. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f || c >= 0xa0 && c <= 0xff ? (char) c : '?'));
        return out.toString();
    }

    private static List<String> wrap(String text, PDType1Font font, float size, float width) throws IOException {
        List<String> lines = new ArrayList<>();
        if (text.isEmpty()) {
            lines.add("");
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (font.getStringWidth(candidate) / 1000 * size > width && !line.isEmpty()) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        return lines;
    }
}
