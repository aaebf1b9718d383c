/**
 * Pure decision logic, tested without Flink: signal rules, weekly detectors, guardrails, holdout, offer ranking
 * (OfferPolicy). May import common/config, common/model and common/state; never Flink.
 */
package dev.upshift.common.logic;
