/**
 * Pure mail logic: templates and drafts, Message-IDs and address keys, unsubscribe links, send windows, and the
 * records a send leaves behind (Settlements). May import common/config, common/json, common/logic and
 * common/model; never Flink or an SMTP client.
 */
package dev.upshift.common.mail;
