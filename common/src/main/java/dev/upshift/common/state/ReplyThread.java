package dev.upshift.common.state;

import dev.upshift.common.model.DeliveryRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What the reply desk remembers about one offer's thread: the offer mail as sent, when its silence counts as no
 * response, the replies already handled (so a mailbox read again after a UIDVALIDITY change acts on none twice),
 * and when the conversation is forgotten.
 */
public class ReplyThread {
    public DeliveryRecord offerMail;
    /** Null once a person has answered, or once no_response was recorded. */
    public Long noResponseAt;
    public long expiresAt;
    public List<String> handledReplies = new ArrayList<>();
    /** The outcomes already fed back for this offer: a second "yes" in the thread must not count twice. */
    public List<String> fedBack = new ArrayList<>();

    public ReplyThread() {}
}
