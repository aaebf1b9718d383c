/**
 * Pure reply handling: parsing and classifying inbound mail (bounces, auto-replies, feedback reports), the reply
 * playbook, the mails it sends (ReplyMails) and the outcome and feedback records it writes (ReplyOutcomes). May
 * import common/config, common/json, common/logic, common/mail and common/model; never Flink.
 */
package dev.upshift.common.reply;
