package dev.upshift.jobs.io;

import dev.upshift.common.json.InputParser;
import dev.upshift.common.model.InputRecord;
import dev.upshift.common.model.SourceRef;

/** Which contract a raw record is read against. */
public enum InputKind {
    EVENTS {
        @Override
        public InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseEvent(payload, source);
        }
    },
    ACCOUNTS {
        @Override
        public InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseAccount(key, payload, source);
        }
    },
    FEEDBACK {
        @Override
        public InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseFeedback(key, payload, source);
        }
    },
    APPROVALS {
        @Override
        public InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source) {
            return parser.parseApproval(key, payload, source);
        }
    };

    public abstract InputRecord parse(InputParser parser, String key, byte[] payload, SourceRef source);
}
