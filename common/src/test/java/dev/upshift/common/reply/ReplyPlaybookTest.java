package dev.upshift.common.reply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.reply.ReplyPlaybook.Act;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyPlaybookTest {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long DEADLINE = 14 * DAY;
    private final ReplyPlaybook playbook = new ReplyPlaybook(Duration.ofDays(14));

    @ParameterizedTest(name = "{0} from the contact: {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            interested     | true  | accepted     | SEND_BOOKING_LINK NOTIFY_OWNER_OF_YES | -
            interested     | false | accepted     | NOTIFY_OWNER_OF_YES                   | -
            question       | false | replied      | HAND_TO_OWNER                         | -
            wrong_person   | true  | replied      | HAND_TO_OWNER                         | -
            not_interested | true  | declined     | -                                     | -
            not_now        | true  | declined     | -                                     | -
            unsubscribe    | true  | unsubscribed | CONFIRM_UNSUBSCRIBE                   | -
            unsubscribe    | false | unsubscribed | -                                     | -
            hard_bounce    | false | bounced      | NOTIFY_OWNER_OF_BOUNCE                | -
            complained     | true  | complained   | NOTIFY_OWNER_OF_COMPLAINT             | -
            soft_bounce    | false | -            | -                                     | 14
            auto_reply     | true  | -            | -                                     | 14
            """)
    void eachLabelHasItsOutcomeMailsAndDeadline(String label, boolean fromContact, String feedback, String acts, Long deadlineDays) {
        ReplyClassification reply = new ReplyClassification();
        reply.label = label;
        ReplyPlaybook.Plan plan = playbook.plan(reply, fromContact, true, DEADLINE);

        assertThat(plan.feedback()).isEqualTo(feedback);
        assertThat(plan.acts()).extracting(Act::name).containsExactly(acts == null ? new String[0] : acts.split(" "));
        assertThat(plan.noResponseAt()).isEqualTo(deadlineDays == null ? null : deadlineDays * DAY);
    }

    @ParameterizedTest(name = "back on day {0}: silence counts from day {1}")
    @CsvSource({"20, 34", "-5, 14"})
    void anOutOfOfficeGivesAFullWindowAfterTheReturn(long returnDay, long deadlineDay) {
        ReplyClassification away = new ReplyClassification();
        away.label = "auto_reply";
        away.returnsAt = returnDay * DAY;
        assertThat(playbook.plan(away, true, true, DEADLINE).noResponseAt()).isEqualTo(deadlineDay * DAY);
        assertThat(playbook.plan(away, true, true, null).noResponseAt()).as("once answered, never waiting again").isNull();
    }

    @ParameterizedTest(name = "not_now until {0}")
    @CsvSource(nullValues = "-", value = {"90, 90", "-, -"})
    void notNowPausesUntilTheDateItNames(Long notBeforeDay, Long pausedDay) {
        ReplyClassification later = new ReplyClassification();
        later.label = "not_now";
        later.notBefore = notBeforeDay == null ? null : notBeforeDay * DAY;
        assertThat(playbook.plan(later, true, true, DEADLINE).pausedUntil()).isEqualTo(pausedDay == null ? null : pausedDay * DAY);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void noBookingLinkMeansOnlyTheOwnerHearsOfAYes(boolean fromContact) {
        ReplyClassification yes = new ReplyClassification();
        yes.label = "interested";
        assertThat(playbook.plan(yes, fromContact, false, DEADLINE).acts()).containsExactly(Act.NOTIFY_OWNER_OF_YES);
    }
}
