package dev.upshift.jobs.runtime.io;

import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;

/** Which contract a raw record is read against. */
public enum InputKind {
    EVENTS {
        @Override
        protected InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseEvent(payload, source);
        }
    },
    ACCOUNTS {
        @Override
        protected InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseAccount(key, payload, source);
        }
    },
    FEEDBACK {
        @Override
        protected InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseFeedback(key, payload, source);
        }
    },
    APPROVALS {
        @Override
        protected InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseApproval(key, payload, source);
        }
    },
    SUPPRESSIONS {
        @Override
        protected InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseSuppression(key, payload, source);
        }
    };

    /** Reads a raw record against this contract; one over {@link InputParser#MAX_RECORD_BYTES} is a dead letter, unread. */
    public InputRecord read(InputParser parser, String key, byte[] payload, SourceRef source) {
        if (payload != null && payload.length > InputParser.MAX_RECORD_BYTES) {
            return InputParser.tooLarge(key, payload, source);
        }
        return parse(parser, key, payload, source);
    }

    protected abstract InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source);
}
