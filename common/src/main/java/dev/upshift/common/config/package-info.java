/**
 * The config contract: the YAML's records (UpshiftConfig and its parts), loading over the shipped defaults,
 * validation that names file, path and expectation, and the diff of two configs. May import common/model (the plan
 * catalog's types); otherwise only the JDK and Jackson.
 */
package dev.upshift.common.config;
