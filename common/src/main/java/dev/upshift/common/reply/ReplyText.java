package dev.upshift.common.reply;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The customer's own words in a reply: the quoted thread (Gmail and Outlook blocks, "On ... wrote:" in several
 * languages, {@code >} lines) and the signature are removed, for plain text and HTML alike.
 */
public final class ReplyText {
    /** Where HTML clients start the quoted thread; everything from there on is dropped. */
    private static final Pattern HTML_QUOTE_START = Pattern.compile(
            "<div[^>]*class=\"?[^\">]*gmail_quote|<blockquote|<div[^>]*id=\"?(divRplyFwdMsg|appendonsend|mail-editor-reference-message-container)"
                    + "|<hr[^>]*id=\"?stopSpelling", Pattern.CASE_INSENSITIVE);
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
    private static final Pattern WRAPPED_ON_END = Pattern.compile("^\\s*.*(wrote|writes):\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern FROM_LINE = Pattern.compile("^\\s*\\*?(From|Von|De)\\s?:\\*?\\s.+$", Pattern.CASE_INSENSITIVE);
    private static final Pattern SENT_LINE = Pattern.compile("^\\s*\\*?(Sent|Date|Gesendet|Envoyé|Enviado)\\s?:\\*?\\s.+$", Pattern.CASE_INSENSITIVE);
    /** Lines that open a signature or a client's footer. */
    private static final List<Pattern> SIGNATURE_STARTS = List.of(
            Pattern.compile("^--\\s*$"),
            Pattern.compile("^\\s*(Sent from my|Get Outlook for|Von meinem .+ gesendet|Envoyé de mon)\\b.*$", Pattern.CASE_INSENSITIVE));
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern BREAK = Pattern.compile("<(br|/p|/div|/li|/tr|/h[1-6])[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern INVISIBLE = Pattern.compile("<(style|script|head)[^>]*>.*?</\\1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

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

    static String htmlToText(String html) {
        Matcher quote = HTML_QUOTE_START.matcher(html);
        String own = quote.find() ? html.substring(0, quote.start()) : html;
        own = INVISIBLE.matcher(own).replaceAll("");
        own = BREAK.matcher(own).replaceAll("\n");
        own = TAG.matcher(own).replaceAll("");
        return own.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&");
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
