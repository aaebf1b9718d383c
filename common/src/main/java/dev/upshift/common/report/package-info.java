/**
 * Pure reporting: decision reasons, playbook comparisons and their statistics, for the console and the backtest.
 * May import common/model and common/config.
 */
package dev.upshift.common.report;
