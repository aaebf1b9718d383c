package dev.upshift.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.model.DeadLetter;
import dev.upshift.common.model.DeadLetterReason;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;
import dev.upshift.common.model.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputParserTest {
    private static final SourceRef SOURCE = SourceRef.kafka("upshift.events", 3, 42);
    private final InputParser parser = new InputParser(ConfigLoader.defaults());

    @Test
    void parsesEveryContractFieldOfAnEvent() {
        InputRecord record = parseEvent("""
                {"eventId":"e1","accountId":"a1","type":"usage","occurredAt":"2026-01-05T10:15:30Z","userId":"u1",
                 "metric":"api_calls","quantity":12.5,"feature":"sso","capability":"audit","name":"csv",
                 "attributes":{"severity":"high","count":3,"nested":{"k":true}},"unknownField":[1,2]}""");

        UsageEvent event = record.event;
        assertThat(record.deadLetter).isNull();
        assertThat(event.eventId).isEqualTo("e1");
        assertThat(event.accountId).isEqualTo("a1");
        assertThat(event.type).isEqualTo("usage");
        assertThat(event.occurredAt).isEqualTo(1767608130000L);
        assertThat(event.userId).isEqualTo("u1");
        assertThat(event.metric).isEqualTo("api_calls");
        assertThat(event.quantity).isEqualTo(12.5);
        assertThat(event.value).isNull();
        assertThat(event.feature).isEqualTo("sso");
        assertThat(event.capability).isEqualTo("audit");
        assertThat(event.name).isEqualTo("csv");
        assertThat(event.attributes).containsExactlyInAnyOrderEntriesOf(
                Map.of("severity", "high", "count", "3", "nested", "{\"k\":true}"));
        assertThat(event.source).isEqualTo(SOURCE);
    }

    @Test
    void acceptsAnyOtherEventTypeWithoutAmounts() {
        InputRecord record = parseEvent("{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"page_view\",\"occurredAt\":\"2026-01-05T10:00:00+02:00\"}");

        assertThat(record.deadLetter).isNull();
        assertThat(record.event.occurredAt).isEqualTo(1767600000000L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed_json       | {"eventId":"e1","accountId":
            malformed_json       | [1,2,3]
            malformed_json       | {"eventId":"e1"} trailing
            missing_field        | {"accountId":"a1","type":"usage","occurredAt":"2026-01-05T10:00:00Z"}
            missing_field        | {"eventId":"e1","type":"session","occurredAt":"2026-01-05T10:00:00Z"}
            missing_field        | {"eventId":"e1","accountId":"a1","occurredAt":"2026-01-05T10:00:00Z"}
            missing_field        | {"eventId":"e1","accountId":"a1","type":"session"}
            missing_field        | {"eventId":"e1","accountId":"a1","type":"usage","quantity":1,"occurredAt":"2026-01-05T10:00:00Z"}
            invalid_timestamp    | {"eventId":"e1","accountId":"a1","type":"session","occurredAt":"2026-01-05 10:00"}
            negative_quantity    | {"eventId":"e1","accountId":"a1","type":"usage","metric":"api_calls","quantity":-1,"occurredAt":"2026-01-05T10:00:00Z"}
            negative_value       | {"eventId":"e1","accountId":"a1","type":"usage","metric":"seats","value":-0.5,"occurredAt":"2026-01-05T10:00:00Z"}
            usage_without_amount | {"eventId":"e1","accountId":"a1","type":"usage","metric":"api_calls","occurredAt":"2026-01-05T10:00:00Z"}
            invalid_field        | {"eventId":"e1","accountId":"a1","type":"usage","metric":"seats","value":2,"quantity":1,"occurredAt":"2026-01-05T10:00:00Z"}
            invalid_field        | {"eventId":"e1","accountId":"a1","type":"usage","metric":"api_calls","quantity":"ten","occurredAt":"2026-01-05T10:00:00Z"}
            invalid_field        | {"eventId":7,"accountId":"a1","type":"session","occurredAt":"2026-01-05T10:00:00Z"}
            invalid_field        | {"eventId":"e1","accountId":"a1","type":"session","attributes":"x","occurredAt":"2026-01-05T10:00:00Z"}
            """)
    void deadLettersBadEventsWithReasonPayloadAndSource(String reason, String payload) {
        DeadLetter letter = parseEvent(payload).deadLetter;

        assertThat(letter).isNotNull();
        assertThat(letter.reason).isEqualTo(reason);
        assertThat(letter.payload).isEqualTo(payload);
        assertThat(letter.source).isEqualTo(SOURCE);
        assertThat(letter.detail).isNotBlank();
    }

    @Test
    void deadLettersAnEmptyEventRecord() {
        DeadLetter letter = parser.parseEvent(null, SOURCE).deadLetter;

        assertThat(letter.reason).isEqualTo("malformed_json");
        assertThat(letter.source).isEqualTo(SOURCE);
    }

    @Test
    void parsesAnAccountRecord() {
        InputRecord record = parseAccount("a1", """
                {"accountId":"a1","name":"Acme","planId":"team","billingCycle":"annual","startedAt":"2025-01-01T00:00:00Z",
                 "renewalAt":"2026-01-01T00:00:00Z","ownerId":"csm-1","contact":{"name":"Pat","email":"pat@acme.test","timezone":"UTC"},
                 "discountPct":15,"status":"active","limits":{"seats":25}}""");

        assertThat(record.deadLetter).isNull();
        assertThat(record.account.planId).isEqualTo("team");
        assertThat(record.account.billingCycle).isEqualTo("annual");
        assertThat(record.account.startedAt).isEqualTo(1735689600000L);
        assertThat(record.account.contact.email).isEqualTo("pat@acme.test");
        assertThat(record.account.discountPct).isEqualTo(15.0);
        assertThat(record.account.limits).containsExactlyEntriesOf(Map.of("seats", 25.0));
    }

    @Test
    void aNullAccountValueIsATombstoneForItsKey() {
        InputRecord record = parser.parseAccount("a1", null, SOURCE);

        assertThat(record.deletedAccountId).isEqualTo("a1");
        assertThat(record.accountId()).isEqualTo("a1");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            missing_plan      | {"accountId":"a1","name":"Acme"}                                            | {"accountId":"a1","name":"Acme"}
            unknown_plan      | {"accountId":"a1","planId":"platinum"}                                      | {"accountId":"a1","planId":"platinum"}
            missing_field     | {"planId":"team"}                                                           | {"planId":"team"}
            invalid_field     | {"accountId":"a1","planId":"team","billingCycle":"weekly"}                  | {"accountId":"a1","planId":"team","billingCycle":"weekly"}
            invalid_field     | {"accountId":"a1","planId":"team","status":"paused"}                        | {"accountId":"a1","planId":"team","status":"paused"}
            invalid_field     | {"accountId":"a1","planId":"team","discountPct":150}                        | {"accountId":"a1","planId":"team","discountPct":"[redacted]"}
            invalid_field     | {"accountId":"a1","planId":"team","limits":{"seats":-1}}                    | {"accountId":"a1","planId":"team","limits":{"seats":-1}}
            invalid_timestamp | {"accountId":"a1","planId":"team","startedAt":"last year"}                  | {"accountId":"a1","planId":"team","startedAt":"last year"}
            invalid_timestamp | {"accountId":"a1","planId":"team","renewalAt":"+300000000-01-01T00:00:00Z"} | {"accountId":"a1","planId":"team","renewalAt":"+300000000-01-01T00:00:00Z"}
            invalid_number    | {"accountId":"a1","planId":"team","limits":{"seats":1e400}}                 | {"accountId":"a1","planId":"team","limits":{"seats":1e400}}
            invalid_number    | {"accountId":"a1","planId":"team","discountPct":1e400}                      | {"accountId":"a1","planId":"team","discountPct":"[redacted]"}
            """)
    void deadLettersBadAccountRecords(String reason, String payload, String deadLetterPayload) {
        DeadLetter letter = parseAccount("a1", payload).deadLetter;

        assertThat(letter).isNotNull();
        assertThat(letter.reason).isEqualTo(reason);
        assertThat(letter.payload).isEqualTo(deadLetterPayload);
        assertThat(letter.source).isEqualTo(SOURCE);
    }

    @Test
    void aRejectedAccountRecordsDeadLetterCarriesNoContactDiscountOrTerms() {
        DeadLetter letter = parseAccount("a1", """
                {"accountId":"a1","planId":"platinum","ownerId":"csm-1","discountPct":37.5,"terms":{"payment":"net90"},
                 "contact":{"name":"Grace Hopper","email":"grace.canary@customer.example","timezone":"Mars/Olympus"}}""").deadLetter;

        assertThat(letter.reason).isEqualTo("unknown_plan");
        assertThat(Json.tree(letter.payload)).isEqualTo(Json.tree("""
                {"accountId":"a1","planId":"platinum","ownerId":"csm-1","discountPct":"[redacted]","terms":"[redacted]","contact":"[redacted]"}"""));
        assertThat(Json.toText(letter)).doesNotContain("grace.canary", "Grace Hopper", "37.5", "net90");
    }

    @Test
    void anAccountRecordTooBrokenToRedactIsWithheldWithItsSizeAndSource() {
        String broken = "{\"accountId\":\"a1\",\"contact\":{\"email\":\"grace.canary@customer.example\"";
        DeadLetter letter = parseAccount("a1", broken).deadLetter;

        assertThat(letter.reason).isEqualTo("malformed_json");
        assertThat(letter.payload).isNull();
        assertThat(letter.payloadBytes).isEqualTo(broken.length());
        assertThat(letter.source).isEqualTo(SOURCE);
        assertThat(letter.accountId).isEqualTo("a1");
        assertThat(Json.toText(letter)).doesNotContain("grace.canary");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid_timestamp | +300000000-01-01T00:00:00Z
            invalid_timestamp | +10000-01-01T00:00:00Z
            invalid_timestamp | -0001-12-31T23:59:59Z
            future_event      | 2031-01-01T00:00:00Z
            future_event      | 2026-06-02T00:00:00.001Z
            """)
    void aTimestampOutsideWhatTheJobCanRepresentOrTooFarAheadIsRefusedForEveryInput(String reason, String timestamp) {
        InputParser juneFirst = new InputParser(ConfigLoader.defaults().catalog(), Duration.ofDays(1),
                Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
        String event = "{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"session\",\"occurredAt\":\"" + timestamp + "\"}";
        String feedback = "{\"accountId\":\"a1\",\"outcome\":\"unsubscribed\",\"occurredAt\":\"" + timestamp + "\"}";
        String approval = "{\"offerId\":\"o1\",\"accountId\":\"a1\",\"decision\":\"approve\",\"approverId\":\"csm-1\",\"decidedAt\":\""
                + timestamp + "\"}";

        assertThat(juneFirst.parseEvent(bytes(event), SOURCE).deadLetter.reason).isEqualTo(reason);
        assertThat(juneFirst.parseFeedback("a1", bytes(feedback), SOURCE).deadLetter.reason).isEqualTo(reason);
        assertThat(juneFirst.parseApproval("a1", bytes(approval), SOURCE).deadLetter.reason).isEqualTo(reason);
    }

    @Test
    void aRecordExactlyTheSkewAheadIsAcceptedAndAnAccountMayNameAnyRepresentableDate() {
        InputParser juneFirst = new InputParser(ConfigLoader.defaults().catalog(), Duration.ofDays(1),
                Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

        InputRecord event = juneFirst.parseEvent(bytes("{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"session\","
                + "\"occurredAt\":\"2026-06-02T00:00:00Z\"}"), SOURCE);
        InputRecord account = juneFirst.parseAccount("a1", bytes("{\"accountId\":\"a1\",\"planId\":\"team\","
                + "\"startedAt\":\"0000-01-01T00:00:00Z\",\"renewalAt\":\"9999-12-31T23:59:59.999Z\"}"), SOURCE);

        assertThat(event.deadLetter).isNull();
        assertThat(event.event.occurredAt).isEqualTo(Instant.parse("2026-06-02T00:00:00Z").toEpochMilli());
        assertThat(account.deadLetter).isNull();
        assertThat(account.account.startedAt).isEqualTo(Timestamps.EARLIEST.toEpochMilli());
        assertThat(account.account.renewalAt).isEqualTo(Timestamps.LATEST.toEpochMilli());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1e400
            -1e400
            9007199254740993
            1000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
            """)
    void aNumberThatOverflowsIsInvalidNotInfinite(String number) {
        DeadLetter quantity = parseEvent("{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"usage\",\"metric\":\"api_calls\","
                + "\"quantity\":" + number + ",\"occurredAt\":\"2026-01-05T10:00:00Z\"}").deadLetter;
        DeadLetter value = parseEvent("{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"usage\",\"metric\":\"seats\","
                + "\"value\":" + number + ",\"occurredAt\":\"2026-01-05T10:00:00Z\"}").deadLetter;

        assertThat(quantity.reason).isEqualTo("invalid_number");
        assertThat(quantity.detail).isEqualTo("quantity must be a finite number of magnitude at most 2^53");
        assertThat(value.reason).isEqualTo("invalid_number");
    }

    @Test
    void theLargestExactNumberIsAccepted() {
        InputRecord record = parseEvent("{\"eventId\":\"e1\",\"accountId\":\"a1\",\"type\":\"usage\",\"metric\":\"api_calls\","
                + "\"quantity\":9007199254740992,\"occurredAt\":\"2026-01-05T10:00:00Z\"}");

        assertThat(record.deadLetter).isNull();
        assertThat(record.event.quantity).isEqualTo(InputParser.MAX_NUMBER);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private InputRecord parseEvent(String json) {
        return parser.parseEvent(json.getBytes(StandardCharsets.UTF_8), SOURCE);
    }

    private InputRecord parseAccount(String key, String json) {
        return parser.parseAccount(key, json.getBytes(StandardCharsets.UTF_8), SOURCE);
    }

    @Test
    void aDeadLetterKeepsAShortPayloadWholeAndCutsALongOneBetweenCharacters() {
        assertThat(DeadLetter.of(DeadLetterReason.MALFORMED_JSON, "bad", "a1", SOURCE, "{oops").payload).isEqualTo("{oops");
        assertThat(DeadLetter.of(DeadLetterReason.MALFORMED_JSON, "bad", "a1", SOURCE, "{oops").payloadBytes).isNull();

        String emojiAcrossTheCut = "a".repeat(DeadLetter.MAX_PAYLOAD_CHARS - 1) + "\uD83D\uDE00" + "b".repeat(10);
        DeadLetter letter = DeadLetter.of(DeadLetterReason.MALFORMED_JSON, "bad", "a1", SOURCE, emojiAcrossTheCut);

        assertThat(letter.payload).isEqualTo("a".repeat(DeadLetter.MAX_PAYLOAD_CHARS - 1));
        assertThat(letter.payloadBytes).isEqualTo(DeadLetter.MAX_PAYLOAD_CHARS - 1 + 4 + 10);
    }

    @Test
    void aRawDeadLetterDecodesOnlyTheBytesItKeeps() {
        byte[] shortRaw = "not MIME".getBytes(StandardCharsets.UTF_8);
        assertThat(DeadLetter.ofRaw(DeadLetterReason.MALFORMED_JSON, "bad", null, SOURCE, shortRaw).payload).isEqualTo("not MIME");
        assertThat(DeadLetter.ofRaw(DeadLetterReason.MALFORMED_JSON, "bad", null, SOURCE, shortRaw).payloadBytes).isNull();

        byte[] longRaw = "m".repeat(100_000).getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.ofRaw(DeadLetterReason.MALFORMED_JSON, "bad", null, SOURCE, longRaw);
        assertThat(letter.payload).isEqualTo("m".repeat(DeadLetter.MAX_PAYLOAD_CHARS));
        assertThat(letter.payloadBytes).isEqualTo(100_000);
    }
}
