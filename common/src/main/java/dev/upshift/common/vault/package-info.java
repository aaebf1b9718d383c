/**
 * Sealing an account's sensitive terms (AES-GCM) with a key ring, for state and for the mails that need them. May
 * import common/json and common/model; never Flink.
 */
package dev.upshift.common.vault;
