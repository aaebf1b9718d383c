/**
 * The values kept in keyed state, as Flink POJOs with the logic that updates them. Their class names and fields
 * are part of the savepoint format: move or rename one only with a migration. May import common/model and
 * common/logic.
 */
package dev.upshift.common.state;
