/**
 * The records on the topics and between operators: Flink POJOs with public fields, their JSON names the contract
 * in docs/schemas. The two tagged unions (InputRecord, DecisionInput) carry an explicit kind. May import
 * common/json and common/reply (the reply records an outcome carries); never Flink.
 */
package dev.upshift.common.model;
