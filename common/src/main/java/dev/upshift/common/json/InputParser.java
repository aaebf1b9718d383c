package dev.upshift.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upshift.common.config.PlanCatalog;
import dev.upshift.common.config.UpshiftConfig;
import dev.upshift.common.model.Account;
import dev.upshift.common.model.Approval;
import dev.upshift.common.model.Contact;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.Feedback;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import dev.upshift.common.model.Suppression;
import dev.upshift.common.model.UsageEvent;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns raw input records into validated events, accounts and offer outcomes, or into dead letters with a
 * reason code.
 * Never throws on bad input: this is the one place that decides what the contract accepts.
 *
 * <p>Why one class of this length: it is the input contract in code, field by field for events, accounts and
 * outcomes, and keeping every rule in one place is what lets docs/contracts.md point at one file.
 */
public final class InputParser implements Serializable {
    private static final Set<String> BILLING_CYCLES = Set.of("monthly", "annual");
    private static final Set<String> STATUSES = Set.of("trial", "active", "churned");
    private static final Set<String> SUPPRESSION_STATUSES = Set.of(Suppression.SUPPRESSED, Suppression.LIFTED);

    /**
     * Records above this size are dead-lettered unread. It is Kafka's own default record limit, so only a topic
     * whose {@code max.message.bytes} was raised can carry one.
     */
    public static final int MAX_RECORD_BYTES = 1024 * 1024;

    /**
     * The largest magnitude a number may have: 2^53, beyond which a double no longer holds every integer (the limit
     * RFC 7493, I-JSON, sets for interoperable numbers). Sums of such numbers stay finite.
     */
    public static final double MAX_NUMBER = 0x1p53;

    /** Sensitive account fields a dead letter must not carry (see {@link Account}). */
    private static final List<String> SENSITIVE_ACCOUNT_FIELDS = List.of("contact", "discountPct", "terms");

    private final PlanCatalog catalog;
    private final long maxFutureSkewMillis;
    private final Clock clock;

    /** The parser of a job: records stamped more than {@code time.maxFutureSkew} ahead of the wall clock are refused. */
    public InputParser(UpshiftConfig config) {
        this(config.catalog(), config.time().maxFutureSkew(), Clock.systemUTC());
    }

    /** @param clock the wall clock that future timestamps are judged against */
    public InputParser(PlanCatalog catalog, Duration maxFutureSkew, Clock clock) {
        this.catalog = catalog;
        this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        this.clock = clock;
    }

    /** The dead letter for a record over {@link #MAX_RECORD_BYTES}: its first bytes and its size, never parsed. */
    public static InputRecord tooLarge(String key, byte[] payload, SourceRef source) {
        return InputRecord.of(DeadLetter.ofRaw(DeadLetterReason.RECORD_TOO_LARGE,
                String.format("%,d bytes; the limit is %,d", payload.length, MAX_RECORD_BYTES), key, source, payload));
    }

    /** Parses a usage event; the hot path, so it streams tokens instead of building a tree. */
    public InputRecord parseEvent(byte[] payload, SourceRef source) {
        if (payload == null) {
            return reject(DeadLetterReason.MALFORMED_JSON, "empty record (null value)", null, source, null);
        }
        UsageEvent event = new UsageEvent();
        event.payload = payload;
        event.source = source;
        try (JsonParser parser = Json.FACTORY.createParser(payload)) {
            readEventFields(parser, event);
        } catch (Rejected r) {
            return reject(r.reason, r.getMessage(), event.accountId, source, event.payloadText());
        } catch (JsonProcessingException e) {
            return reject(DeadLetterReason.MALFORMED_JSON, e.getOriginalMessage(), event.accountId, source, event.payloadText());
        } catch (IOException e) {
            return reject(DeadLetterReason.MALFORMED_JSON, e.toString(), event.accountId, source, event.payloadText());
        }
        return InputRecord.of(event);
    }

    private void readEventFields(JsonParser parser, UsageEvent event) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new Rejected(DeadLetterReason.MALFORMED_JSON, "expected a JSON object");
        }
        String occurredAt = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "eventId" -> event.eventId = string(parser, field);
                case "accountId" -> event.accountId = string(parser, field);
                case "type" -> event.type = string(parser, field);
                case "occurredAt" -> occurredAt = string(parser, field);
                case "userId" -> event.userId = string(parser, field);
                case "metric" -> event.metric = string(parser, field);
                case "quantity" -> event.quantity = number(parser, field);
                case "value" -> event.value = number(parser, field);
                case "feature" -> event.feature = string(parser, field);
                case "capability" -> event.capability = string(parser, field);
                case "name" -> event.name = string(parser, field);
                case "attributes" -> event.attributes = attributes(parser);
                default -> parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new Rejected(DeadLetterReason.MALFORMED_JSON, "trailing content after the JSON object");
        }
        required(event.eventId, "eventId");
        required(event.accountId, "accountId");
        required(event.type, "type");
        required(occurredAt, "occurredAt");
        event.occurredAt = notInTheFuture(instant(occurredAt, "occurredAt"), "occurredAt");
        if (event.quantity != null && event.quantity < 0) {
            throw new Rejected(DeadLetterReason.NEGATIVE_QUANTITY, "quantity must be >= 0, got " + event.quantity);
        }
        if (event.value != null && event.value < 0) {
            throw new Rejected(DeadLetterReason.NEGATIVE_VALUE, "value must be >= 0, got " + event.value);
        }
        if (event.isUsage()) {
            required(event.metric, "metric");
            if (event.quantity == null && event.value == null) {
                throw new Rejected(DeadLetterReason.USAGE_WITHOUT_AMOUNT, "a usage event needs quantity (counter) or value (gauge)");
            }
            if (event.quantity != null && event.value != null) {
                throw new Rejected(DeadLetterReason.INVALID_FIELD, "a usage event carries quantity or value, not both");
            }
        }
    }

    /** Parses an account record; a null payload is a tombstone that deletes the account. */
    public InputRecord parseAccount(String key, byte[] payload, SourceRef source) {
        if (payload == null) {
            if (key == null || key.isBlank()) {
                return reject(DeadLetterReason.MISSING_FIELD, "tombstone without a key: accountId", null, source, null);
            }
            return InputRecord.deletion(key);
        }
        return parseObject(key, payload, source, node -> InputRecord.of(readAccount(node)), Payload.WITHOUT_TERMS);
    }

    /** What a dead letter may carry of a rejected record. */
    private enum Payload {
        /** The record as received. */
        AS_RECEIVED,
        /**
         * An account record: its contact, discount and terms replaced by {@value #REDACTED}; a record too broken to tell
         * them apart is withheld whole, and its source coordinates lead to it.
         */
        WITHOUT_TERMS;

        static final String REDACTED = "[redacted]";
    }

    /**
     * Reads a record that is small and rare enough to parse as a tree; any rejection becomes a dead letter
     * carrying the account id when the record names one, else the Kafka key.
     */
    private static InputRecord parseObject(String key, byte[] payload, SourceRef source, Function<JsonNode, InputRecord> reader,
            Payload kept) {
        String text = new String(payload, StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.toString();
            if (kept == Payload.WITHOUT_TERMS) {
                return withheld(DeadLetterReason.MALFORMED_JSON, notJson(e), key, source, payload);
            }
            return reject(DeadLetterReason.MALFORMED_JSON, detail, key, source, text);
        }
        if (node == null || !node.isObject()) {
            String detail = "expected a JSON object";
            return kept == Payload.WITHOUT_TERMS ? withheld(DeadLetterReason.MALFORMED_JSON, detail, key, source, payload)
                    : reject(DeadLetterReason.MALFORMED_JSON, detail, key, source, text);
        }
        try {
            return reader.apply(node);
        } catch (Rejected r) {
            String accountId = node.path("accountId").isTextual() ? node.get("accountId").asText() : key;
            boolean redact = kept == Payload.WITHOUT_TERMS && SENSITIVE_ACCOUNT_FIELDS.stream().anyMatch(node::has);
            return reject(r.reason, r.getMessage(), accountId, source, redact ? withoutTerms((ObjectNode) node) : text);
        }
    }

    /** Jackson's own message may quote the text around the error; for an account record only the position is given. */
    private static String notJson(IOException e) {
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
            return "not valid JSON at line " + jpe.getLocation().getLineNr() + ", column " + jpe.getLocation().getColumnNr();
        }
        return "not valid JSON";
    }

    private static String withoutTerms(ObjectNode account) {
        ObjectNode copy = account.deepCopy();
        for (String field : SENSITIVE_ACCOUNT_FIELDS) {
            if (copy.has(field)) {
                copy.put(field, Payload.REDACTED);
            }
        }
        return copy.toString();
    }

    /** A rejected account record that cannot be redacted: its size and where it is, not its bytes. */
    private static InputRecord withheld(DeadLetterReason reason, String detail, String key, SourceRef source, byte[] payload) {
        DeadLetter letter = DeadLetter.of(reason, detail + "; payload withheld, as an account record may carry contact and terms: "
                + "read it at its source", key, source, null);
        letter.payloadBytes = payload.length;
        return InputRecord.of(letter);
    }

    private Account readAccount(JsonNode node) {
        Account account = new Account();
        account.accountId = required(text(node, "accountId"), "accountId");
        account.planId = text(node, "planId");
        if (account.planId == null || account.planId.isBlank()) {
            throw new Rejected(DeadLetterReason.MISSING_PLAN, "an account record needs planId");
        }
        if (!catalog.hasPlan(account.planId)) {
            throw new Rejected(DeadLetterReason.UNKNOWN_PLAN, "planId '" + account.planId + "' is not in the catalog");
        }
        account.name = text(node, "name");
        account.billingCycle = oneOf(node, "billingCycle", BILLING_CYCLES);
        account.status = oneOf(node, "status", STATUSES);
        account.startedAt = optionalInstant(node, "startedAt");
        account.renewalAt = optionalInstant(node, "renewalAt");
        account.ownerId = text(node, "ownerId");
        account.discountPct = optionalNumber(node, "discountPct");
        if (account.discountPct != null && (account.discountPct < 0 || account.discountPct > 100)) {
            throw new Rejected(DeadLetterReason.INVALID_FIELD, "discountPct must be between 0 and 100");
        }
        account.contact = contact(node.get("contact"));
        account.limits = limits(node.get("limits"));
        account.segment = text(node, "segment");
        account.addOns = strings(node, "addOns");
        account.upgradeEligible = optionalBoolean(node, "upgradeEligible");
        account.optedOut = optionalBoolean(node, "optedOut");
        account.terms = stringMap(node, "terms");
        return account;
    }

    /** Parses an outcome from the feedback topic. */
    public InputRecord parseFeedback(String key, byte[] payload, SourceRef source) {
        if (payload == null) {
            return reject(DeadLetterReason.MALFORMED_JSON, "empty record (null value)", key, source, null);
        }
        return parseObject(key, payload, source, node -> InputRecord.of(readFeedback(node)), Payload.AS_RECEIVED);
    }

    /** Parses a reviewer's decision from the approvals topic. */
    public InputRecord parseApproval(String key, byte[] payload, SourceRef source) {
        if (payload == null) {
            return reject(DeadLetterReason.MALFORMED_JSON, "empty record (null value)", key, source, null);
        }
        return parseObject(key, payload, source, node -> InputRecord.of(readApproval(node)), Payload.AS_RECEIVED);
    }

    /**
     * Parses an entry of the suppression list; the Kafka key, when given, is its address key. A tombstone is refused:
     * only a {@code lifted} record, with who and why, takes a contact off the list.
     */
    public InputRecord parseSuppression(String key, byte[] payload, SourceRef source) {
        if (payload == null) {
            return reject(DeadLetterReason.MISSING_FIELD, "a tombstone lifts nothing: required a record with status lifted, by and reason",
                    null, source, null);
        }
        return parseObject(key, payload, source, node -> InputRecord.of(readSuppression(key, node, source)), Payload.AS_RECEIVED);
    }

    /**
     * An entry of the suppression list as the mail committer checks it just before sending, by the same contract; empty
     * for one that breaks it (the decision job dead-letters that one where it reads the list).
     */
    public static Optional<Suppression> suppressionEntry(String key, byte[] payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(readSuppression(key, Json.tree(new String(payload, StandardCharsets.UTF_8)), null));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * An opt-out (unsubscribed or complained) on the feedback topic, as the mail committer checks it just before sending:
     * its account, outcome and time by the same contract; empty for any other record, or one that breaks the contract
     * (the decision job dead-letters that one where it reads the topic).
     */
    public static Optional<Feedback> optOutEntry(byte[] payload) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            Feedback feedback = feedbackFacts(Json.tree(new String(payload, StandardCharsets.UTF_8)));
            return feedback.optsOut() ? Optional.of(feedback) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** What every reader of an outcome needs: whose, which offer, what happened and when. */
    private static Feedback feedbackFacts(JsonNode node) {
        Feedback feedback = new Feedback();
        feedback.accountId = required(text(node, "accountId"), "accountId");
        feedback.offerId = text(node, "offerId");
        feedback.outcome = required(oneOf(node, "outcome", Feedback.OUTCOMES), "outcome");
        feedback.occurredAt = instant(required(text(node, "occurredAt"), "occurredAt"), "occurredAt");
        return feedback;
    }

    private static Suppression readSuppression(String key, JsonNode node, SourceRef source) {
        Suppression suppression = new Suppression();
        suppression.addressKey = required(text(node, "addressKey"), "addressKey");
        if (key != null && !key.equals(suppression.addressKey)) {
            throw new Rejected(DeadLetterReason.INVALID_FIELD, "addressKey must equal the record's key");
        }
        suppression.status = required(oneOf(node, "status", SUPPRESSION_STATUSES), "status");
        suppression.reason = required(text(node, "reason"), "reason");
        suppression.accountId = text(node, "accountId");
        suppression.offerId = text(node, "offerId");
        suppression.at = optionalInstant(node, "at");
        suppression.by = text(node, "by");
        if (suppression.isLift()) {
            required(suppression.by, "by (who lifted it)");
            if (suppression.at == null) {
                throw new Rejected(DeadLetterReason.MISSING_FIELD, "required field missing: at (when it was lifted)");
            }
        }
        suppression.source = source;
        return suppression;
    }

    private Approval readApproval(JsonNode node) {
        Approval approval = new Approval();
        approval.approvalId = text(node, "approvalId");
        approval.offerId = required(text(node, "offerId"), "offerId");
        approval.accountId = required(text(node, "accountId"), "accountId");
        approval.decision = required(oneOf(node, "decision", Approval.DECISIONS), "decision");
        approval.approverId = required(text(node, "approverId"), "approverId");
        approval.decidedAt = notInTheFuture(instant(required(text(node, "decidedAt"), "decidedAt"), "decidedAt"), "decidedAt");
        approval.subject = text(node, "subject");
        approval.body = text(node, "body");
        approval.note = text(node, "note");
        if (Approval.EDIT.equals(approval.decision) && (approval.subject == null || approval.body == null)) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, "required field missing: an edit carries both subject and body");
        }
        return approval;
    }

    private Feedback readFeedback(JsonNode node) {
        Feedback feedback = feedbackFacts(node);
        feedback.feedbackId = text(node, "feedbackId");
        feedback.occurredAt = notInTheFuture(feedback.occurredAt, "occurredAt");
        feedback.signal = text(node, "signal");
        feedback.segment = text(node, "segment");
        String pausedUntil = text(node, "pausedUntil");
        feedback.pausedUntil = pausedUntil == null ? null : instant(pausedUntil, "pausedUntil");
        if (feedback.offerId == null && !Feedback.UPGRADED.equals(feedback.outcome) && !Feedback.UNSUBSCRIBED.equals(feedback.outcome)) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, "required field missing: offerId (only upgraded and unsubscribed may omit it)");
        }
        return feedback;
    }

    private static Contact contact(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Rejected(DeadLetterReason.INVALID_FIELD, "contact must be an object");
        }
        Contact contact = new Contact();
        contact.email = text(node, "email");
        contact.timezone = timezone(text(node, "timezone"));
        contact.name = text(node, "name");
        contact.locale = text(node, "locale");
        contact.conversationId = text(node, "conversationId");
        return contact;
    }

    private static String timezone(String zone) {
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new Rejected(DeadLetterReason.INVALID_FIELD, "contact.timezone is not an IANA zone id");
            }
        }
        return zone;
    }

    private static Map<String, Double> limits(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new Rejected(DeadLetterReason.INVALID_FIELD, "limits must be an object of metric to number");
        }
        Map<String, Double> limits = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> limit = it.next();
            if (!limit.getValue().isNumber()) {
                throw new Rejected(DeadLetterReason.INVALID_FIELD, "limits." + limit.getKey() + " must be a number >= 0");
            }
            double value = representable(limit.getValue(), "limits." + limit.getKey());
            if (value < 0) {
                throw new Rejected(DeadLetterReason.INVALID_FIELD, "limits." + limit.getKey() + " must be a number >= 0");
            }
            limits.put(limit.getKey(), value);
        }
        return limits;
    }

    private static String text(JsonNode node, String field) {
        return optional(node, field, JsonNode::isTextual, "a string", JsonNode::asText);
    }

    private static String oneOf(JsonNode node, String field, Set<String> allowed) {
        String value = text(node, field);
        if (value != null && !allowed.contains(value)) {
            throw new Rejected(DeadLetterReason.INVALID_FIELD, field + " must be one of " + allowed + ", got '" + value + "'");
        }
        return value;
    }

    private static Long optionalInstant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : instant(value, field);
    }

    private static Boolean optionalBoolean(JsonNode node, String field) {
        return optional(node, field, JsonNode::isBoolean, "true or false", JsonNode::asBoolean);
    }

    private static List<String> strings(JsonNode node, String field) {
        return optional(node, field, value -> value.isArray() && allTextual(value), "an array of strings", value -> {
            List<String> strings = new ArrayList<>();
            value.forEach(item -> strings.add(item.asText()));
            return strings;
        });
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> stringMap(JsonNode node, String field) {
        return optional(node, field, JsonNode::isObject, "an object", value -> {
            Map<String, String> map = new HashMap<>();
            value.fields().forEachRemaining(entry -> map.put(entry.getKey(),
                    entry.getValue().isValueNode() ? entry.getValue().asText() : entry.getValue().toString()));
            return map;
        });
    }

    private static Double optionalNumber(JsonNode node, String field) {
        return optional(node, field, JsonNode::isNumber, "a number", value -> representable(value, field));
    }

    /** A field that may be absent or null; when present it must be of the expected kind, else the record is rejected. */
    private static <T> T optional(JsonNode node, String field, Predicate<JsonNode> expected, String expectation, Function<JsonNode, T> read) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!expected.test(value)) {
            throw new Rejected(DeadLetterReason.INVALID_FIELD, field + " must be " + expectation);
        }
        return read.apply(value);
    }

    private static String string(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw new Rejected(DeadLetterReason.INVALID_FIELD, field + " must be a string");
        }
        return parser.getText();
    }

    private static Double number(JsonParser parser, String field) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            parser.skipChildren();
            throw new Rejected(DeadLetterReason.INVALID_FIELD, field + " must be a number");
        }
        if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return representable(parser.getLongValue(), field);
        }
        return representable(parser.getDoubleValue(), field);
    }

    /** A JSON number of the tree, checked before it is rounded to a double. */
    private static double representable(JsonNode number, String field) {
        if (number.isIntegralNumber() && number.canConvertToLong()) {
            return representable(number.longValue(), field);
        }
        return representable(number.doubleValue(), field);
    }

    /**
     * A finite number of at most {@link #MAX_NUMBER} in magnitude: {@code 1e400} reads as Infinity, which no check
     * below would catch. Integers are checked as read (a long is exact), before they would round to a double.
     */
    private static double representable(long value, String field) {
        if (Math.abs(value) > (long) MAX_NUMBER) {
            throw invalidNumber(field);
        }
        return value;
    }

    private static double representable(double value, String field) {
        if (!Double.isFinite(value) || Math.abs(value) > MAX_NUMBER) {
            throw invalidNumber(field);
        }
        return value;
    }

    private static Rejected invalidNumber(String field) {
        return new Rejected(DeadLetterReason.INVALID_NUMBER, field + " must be a finite number of magnitude at most 2^53");
    }

    private static Map<String, String> attributes(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new Rejected(DeadLetterReason.INVALID_FIELD, "attributes must be an object");
        }
        Map<String, String> attributes = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token.isScalarValue()) {
                attributes.put(key, parser.getValueAsString());
            } else {
                attributes.put(key, Json.MAPPER.readTree(parser).toString());
            }
        }
        return attributes;
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Rejected(DeadLetterReason.MISSING_FIELD, "required field missing: " + field);
        }
        return value;
    }

    private static long instant(String text, String field) {
        return Timestamps.parse(text).orElseThrow(() -> new Rejected(DeadLetterReason.INVALID_TIMESTAMP,
                field + " is not " + Timestamps.expectation() + ": '" + text + "'"));
    }

    /** Event time comes from the records, so one stamped ahead of the wall clock would move the job's clock there. */
    private long notInTheFuture(long at, String field) {
        long latest = clock.millis() + maxFutureSkewMillis;
        if (at > latest) {
            throw new Rejected(DeadLetterReason.FUTURE_EVENT, field + " is more than time.maxFutureSkew ("
                    + Duration.ofMillis(maxFutureSkewMillis) + ") ahead of the wall clock");
        }
        return at;
    }

    private static InputRecord reject(DeadLetterReason reason, String detail, String accountId, SourceRef source, String payload) {
        return InputRecord.of(DeadLetter.of(reason, detail, accountId, source, payload));
    }

    /** Control flow for a rejection deep inside parsing; carries no stack trace. */
    private static final class Rejected extends RuntimeException {
        final DeadLetterReason reason;

        Rejected(DeadLetterReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
