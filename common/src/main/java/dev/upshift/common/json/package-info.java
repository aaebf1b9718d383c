/**
 * JSON in and out: the one ObjectMapper setup, the input parser that turns raw Kafka or file bytes into input
 * records or dead letters, and timestamp handling. May import common/model and common/config.
 */
package dev.upshift.common.json;
