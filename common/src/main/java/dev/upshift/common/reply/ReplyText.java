package dev.upshift.common.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * The customer's own words in a reply: the quoted thread (Gmail and Outlook blocks, "On ... wrote:" in several
 * languages, {@code >} lines) and the signature are removed, for plain text and HTML alike.
 */
public final class ReplyText {
    /** Where HTML clients start the quoted thread (Gmail, Outlook, Apple Mail, Thunderbird); everything from there on is dropped. */
    private static final String HTML_QUOTE_START = "div.gmail_quote, blockquote, div#divRplyFwdMsg, div#appendonsend,"
            + " div#mail-editor-reference-message-container, hr#stopSpelling";
    /** Elements after which the text goes on on a new line. */
    private static final Set<String> LINE_ENDS = Set.of("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6");
    private static final Set<String> INVISIBLE = Set.of("style", "script", "head", "title");
    /**
     * How much of an HTML part is parsed. A person's own words come first and the quoted thread after them, so
     * nothing a reply says is lost; a megabyte of hostile markup (200,000 nested elements) costs a quarter of it.
     */
    static final int MAX_HTML_CHARS = 256 * 1024;
    /** Lines that open a quoted thread in plain text. */
    private static final List<Pattern> QUOTE_HEADERS = List.of(
            Pattern.compile("^\\s*On .+(wrote|writes):\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^\\s*Le .+ a écrit\\s*:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^\\s*Am .+ schrieb .+:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^\\s*El .+ escribió:\\s*$", Pattern.CASE_INSENSITIVE),
            Pattern.compile("^\\s*-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\\s*-{2,}\\s*$",
                    Pattern.CASE_INSENSITIVE),
            Pattern.compile("^\\s*_{10,}\\s*$"));
    /** A header line that opens a quote only when the next line continues it ("On ..." / "wrote:", "From:" / "Sent:"). */
    private static final Pattern WRAPPED_ON = Pattern.compile("^\\s*On .+", Pattern.CASE_INSENSITIVE);
    private static final Pattern WRAPPED_ON_END = Pattern.compile("^.*(wrote|writes):\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM_LINE = Pattern.compile("^\\s*\\*?(From|Von|De)\\s?:\\*?\\s.+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SENT_LINE = Pattern.compile("^\\s*\\*?(Sent|Date|Gesendet|Envoyé|Enviado)\\s?:\\*?\\s.+$", Pattern.CASE_INSENSITIVE);
    /** Lines that open a signature or a client's footer. */
    private static final List<Pattern> SIGNATURE_STARTS = List.of(
            Pattern.compile("^--\\s*$"),
            Pattern.compile("^\\s*(Sent from my|Get Outlook for|Von meinem .+ gesendet|Envoyé de mon)\\b.*$", Pattern.CASE_INSENSITIVE));
    private ReplyText() {}

    /** The new text of a reply: its plain part if it has one, else its HTML part as text; quotes and signature removed. */
    public static String of(InboundMail mail) {
        String text = mail.text() != null && !mail.text().isBlank() ? mail.text() : mail.html() != null ? htmlToText(mail.html()) : "";
        return strip(text);
    }

    static String strip(String text) {
        List<String> kept = new ArrayList<>();
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String next = i + 1 < lines.length ? lines[i + 1] : "";
            if (matchesAny(QUOTE_HEADERS, line) || matchesAny(SIGNATURE_STARTS, line) || opensWrappedQuote(line, next)) {
                break;
            }
            if (!line.stripLeading().startsWith(">")) {
                kept.add(line);
            }
        }
        return String.join("\n", kept).strip();
    }

    private static boolean opensWrappedQuote(String line, String next) {
        return WRAPPED_ON.matcher(line).matches() && WRAPPED_ON_END.matcher(next).matches()
                || FROM_LINE.matcher(line).matches() && SENT_LINE.matcher(next).matches();
    }

    /**
     * The visible text of an HTML part up to where the quoted thread starts, one line per block or break, from its
     * first {@link #MAX_HTML_CHARS} characters. jsoup parses in one pass whatever the markup, so hostile HTML costs no
     * more than its length.
     */
    static String htmlToText(String html) {
        Document document = Jsoup.parse(html.length() > MAX_HTML_CHARS ? html.substring(0, MAX_HTML_CHARS) : html);
        Set<Element> quoteStarts = Set.copyOf(document.select(HTML_QUOTE_START));
        StringBuilder text = new StringBuilder();
        document.body().filter(new NodeFilter() {
            @Override
            public FilterResult head(Node node, int depth) {
                if (node instanceof Element element && quoteStarts.contains(element)) {
                    return FilterResult.STOP;
                }
                if (node instanceof Element element && INVISIBLE.contains(element.normalName())) {
                    return FilterResult.SKIP_ENTIRELY;
                }
                if (node instanceof TextNode textNode) {
                    text.append(textNode.getWholeText());
                } else if (node instanceof Element element && element.normalName().equals("br")) {
                    text.append('\n');
                }
                return FilterResult.CONTINUE;
            }

            @Override
            public FilterResult tail(Node node, int depth) {
                if (node instanceof Element element && !element.normalName().equals("br") && LINE_ENDS.contains(element.normalName())) {
                    text.append('\n');
                }
                return FilterResult.CONTINUE;
            }
        });
        return text.toString().replace('\u00a0', ' ');
    }

    private static boolean matchesAny(List<Pattern> patterns, String line) {
        for (Pattern pattern : patterns) {
            if (pattern.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }
}
