package dev.upshift.jobs.replies;

import dev.upshift.common.reply.InboundMail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The body of an RFC 3464 {@code message/delivery-status} part: a per-message block, then one block per
 * recipient (separated by blank lines) with {@code Final-Recipient}, {@code Action}, {@code Status} and
 * {@code Diagnostic-Code}.
 */
final class DeliveryStatus {
    private DeliveryStatus() {}

    static List<InboundMail.RecipientStatus> parse(String body) {
        List<InboundMail.RecipientStatus> recipients = new ArrayList<>();
        for (String block : body.replace("\r\n", "\n").split("\n\\s*\n")) {
            Map<String, String> fields = fields(block);
            if (fields.containsKey("action") || fields.containsKey("final-recipient")) {
                recipients.add(new InboundMail.RecipientStatus(address(fields.get("final-recipient")), lower(fields.get("action")),
                        firstToken(fields.get("status")), fields.get("diagnostic-code")));
            }
        }
        return recipients;
    }

    /** Header-style fields, names in lower case, the first of each kept, with folded continuation lines joined. */
    static Map<String, String> fields(String block) {
        Map<String, StringBuilder> fields = new LinkedHashMap<>();
        StringBuilder last = null;
        for (String line : block.replace("\r\n", "\n").split("\n")) {
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && last != null) {
                last.append(' ').append(line.strip());
            } else if (line.contains(":")) {
                String name = line.substring(0, line.indexOf(':')).strip().toLowerCase(Locale.ROOT);
                last = fields.containsKey(name) ? null : new StringBuilder(line.substring(line.indexOf(':') + 1).strip());
                if (last != null) {
                    fields.put(name, last);
                }
            } else {
                last = null;
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((name, value) -> values.put(name, value.toString()));
        return values;
    }

    /** {@code rfc822; someone@example.com} to the address. */
    private static String address(String field) {
        if (field == null) {
            return null;
        }
        int semicolon = field.indexOf(';');
        return (semicolon < 0 ? field : field.substring(semicolon + 1)).strip();
    }

    private static String firstToken(String field) {
        return field == null ? null : field.strip().split("\\s+")[0];
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
