package uk.safeguarding.hub.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
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
import uk.safeguarding.hub.message.Words;

/**
 * The disclosure log as it goes out in a subject access response, as CSV and as PDF (Apache PDFBox): the entries
 * not withheld, then how many were withheld under a safeguarding exemption, never which.
 */
public final class DisclosureExport {

    private static final DateTimeFormatter UK = Words.UK_TIME;
    private static final Words WORDS = Words.EN;

    /** The columns, in words: the file goes to a member of the public. */
    static final String[] COLUMNS = {
        "When (UK time)",
        "About",
        "NHS number",
        "Shared with",
        "Kind of service",
        "Why it could be shared",
        "What was shared",
        "Sent to the hub by",
        "What was taken out first",
        "Were you to be told",
        "Information about other people"
    };

    private DisclosureExport() {}

    public static String csv(DisclosureLog.Log log) {
        Csv csv = new Csv(COLUMNS);
        for (DisclosureLog.Disclosure d : log.released()) {
            csv.row(
                    UK.format(d.decidedAt()),
                    d.about(),
                    d.aboutNhs(),
                    d.recipientName(),
                    capital(WORDS.role(d.role())),
                    capital(basis(d)),
                    capital(WORDS.event(d.event())),
                    text(d.sender()),
                    removed(d),
                    told(d),
                    otherPeople(d));
        }
        return csv.row("# " + withheldLine(log)).toString();
    }

    public static byte[] pdf(DisclosureLog.Log log, Instant generated) {
        List<String> lines = new ArrayList<>();
        lines.add("#Disclosures by the Safeguarding Hub");
        lines.add("About NHS number " + log.nhs()
                + (log.children().isEmpty() ? "" : " and their children " + String.join(", ", log.children())));
        lines.add("Made " + UK.format(generated) + " (UK time). "
                + log.released().size() + " disclosure(s) listed. " + withheldLine(log));
        lines.add("");
        int n = 1;
        for (DisclosureLog.Disclosure d : log.released()) {
            lines.add("#" + n++ + ". " + UK.format(d.decidedAt()) + ": " + WORDS.event(d.event()) + ", shared with "
                    + d.recipientName());
            lines.add("About: " + d.about() + " (NHS number " + d.aboutNhs() + ")");
            lines.add("Shared with: " + d.recipientName() + ", " + WORDS.role(d.role()) + ".");
            lines.add("Why it could be shared: " + basis(d) + ". Sent to the hub by: " + text(d.sender()) + ".");
            lines.add("What was taken out first: " + removed(d) + ".");
            lines.add("Were you to be told: " + told(d) + ".");
            if (d.otherPeople()) {
                lines.add("Information about other people: " + otherPeople(d) + ".");
            }
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

    /** Third party information that went with a share is never shown, nor whose it was: only that it is withheld. */
    static String otherPeople(DisclosureLog.Disclosure d) {
        return d.otherPeople() ? "third party information withheld from this response" : "none shared";
    }

    private static String told(DisclosureLog.Disclosure d) {
        if (d.informSubject() == null) {
            return "not decided";
        }
        if (d.informSubject()) {
            return "yes";
        }
        return "CONSENT".equals(d.basis()) ? "no separate notice: it was shared with your consent" : "no";
    }

    /** The basis as the reason sharing was allowed: "a child protection plan". */
    private static String basis(DisclosureLog.Disclosure d) {
        return d.basis() == null ? "" : WORDS.basis(d.basis());
    }

    /** What minimum necessary took out, in words, without which record it was ("Observation/o1.note"). */
    private static String removed(DisclosureLog.Disclosure d) {
        if (d.removed().isEmpty()) {
            return "nothing";
        }
        return Words.join(d.removed().stream().map(WORDS::element).distinct().toList(), "and");
    }

    private static String capital(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
