-- The bench's Flink SQL peer: Upshift's two headline signals written as idiomatic Flink SQL, run by
-- `./upshift bench` on the same topic, JSON, RocksDB and checkpointing as the job, with mini-batch on
-- (see SqlPeer.java for the settings). It computes only these two signals; the job computes the whole
-- catalog, decides offers and writes the audit. docs/benchmarks.md explains each choice below.
--
-- ${name} placeholders are filled in from the job's config by SqlPeer. Statements end with a semicolon
-- at the end of a line; the last, the INSERT, is the job. Both signals go to one sink through UNION ALL:
-- two INSERTs into one exactly-once Kafka table would be two sinks with one transactional id prefix.

-- Usage events, read as the job reads them: JSON from the events topic, event time from occurredAt,
-- bounded by the end offsets at start. ISO weeks start on a Monday and the epoch on a Thursday, so the
-- 7-day TUMBLE windows run on event time shifted by 3 days: TUMBLE's own offset loses records in
-- Flink 2.2 (FLINK-36664).
CREATE TABLE events (
  eventId STRING,
  accountId STRING,
  `type` STRING,
  metric STRING,
  quantity DOUBLE,
  `value` DOUBLE,
  occurredAt TIMESTAMP_LTZ(3),
  shifted AS occurredAt + INTERVAL '3' DAY,
  WATERMARK FOR shifted AS shifted - INTERVAL '${maxOutOfOrderness}' DAY TO SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = '${eventsTopic}',
  'properties.bootstrap.servers' = '${bootstrapServers}',
  'properties.group.id' = '${groupId}',
  'properties.isolation.level' = 'read_committed',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'true'
);

-- Account records, for the temporal join that gives each week its account's plan. Account records carry
-- no time of their own, and the job applies an account's newest record to every event it joins; so does
-- this table, by dating every version from the epoch. (Versioned by Kafka record time instead, records
-- written after the events they describe, as the bench's are, would join nothing.)
CREATE TABLE accounts (
  accountId STRING,
  planId STRING,
  validFrom AS TO_TIMESTAMP_LTZ(0, 3),
  PRIMARY KEY (accountId) NOT ENFORCED,
  WATERMARK FOR validFrom AS validFrom
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = '${accountsTopic}',
  'properties.bootstrap.servers' = '${bootstrapServers}',
  'properties.group.id' = '${groupId}',
  'properties.isolation.level' = 'read_committed',
  'scan.bounded.mode' = 'latest-offset',
  'key.format' = 'raw',
  'value.format' = 'json',
  'value.fields-include' = 'ALL'
);

-- Both signals to one topic, in Kafka transactions committed with each checkpoint, as the job writes.
CREATE TABLE sql_signals (
  accountId STRING,
  signal STRING,
  metric STRING,
  fromTime TIMESTAMP(3),
  toTime TIMESTAMP(3),
  measure DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = '${signalsTopic}',
  'properties.bootstrap.servers' = '${bootstrapServers}',
  'properties.transaction.timeout.ms' = '900000',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = '${groupId}',
  'key.format' = 'raw',
  'key.fields' = 'accountId',
  'value.format' = 'json'
);

-- Per account, metric and ISO week: the counter total (quantity) and the gauge peak (value).
CREATE TEMPORARY VIEW weekly_usage AS
SELECT accountId, metric, window_start - INTERVAL '3' DAY AS week_start, window_time AS week_time,
       SUM(quantity) AS total, MAX(`value`) AS peak
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(shifted), INTERVAL '7' DAY))
WHERE `type` = 'usage' AND metric IS NOT NULL
GROUP BY accountId, metric, window_start, window_end, window_time;

-- The week's utilization of the plan the account was on that week: a gauge's peak, or a counter's total
-- over the four weeks ending with it (the job's counter window is 30 days), over the plan's limit.
CREATE TEMPORARY VIEW weekly_utilization AS
SELECT accountId, metric, week_start, week_time, COALESCE(peak, trailing_total) / planLimit AS utilization
FROM (
  SELECT w.accountId, w.metric, w.week_start, w.week_time, w.peak, PLAN_LIMIT(a.planId, w.metric) AS planLimit,
         SUM(w.total) OVER (PARTITION BY w.accountId, w.metric ORDER BY w.week_time
                            RANGE BETWEEN INTERVAL '27' DAY PRECEDING AND CURRENT ROW) AS trailing_total
  FROM weekly_usage AS w
  JOIN accounts FOR SYSTEM_TIME AS OF w.week_time AS a ON w.accountId = a.accountId
)
WHERE planLimit > 0;

-- Both signals, as one job.
INSERT INTO sql_signals

-- limit_pressure: at least the threshold of the plan limit in ${limitPressureWeeks} consecutive ISO weeks. Only the
-- weeks at or over the threshold reach the pattern: they are a week apart, so ${limitPressureWeeks} weeks in a row
-- fit within their span plus a day, and a week below the threshold leaves a gap that does not. PREV() in the
-- DEFINE clause would say "the week after" directly, but Flink 2.2 refuses it ("does not support physical offsets").
-- Filtering first matters: every row MATCH_RECOGNIZE buffers costs RocksDB writes and deletes, and its time
-- advance then seeks over the deleted keys (docs/benchmarks.md).
SELECT accountId, 'limit_pressure', metric, firstWeek, lastWeek + INTERVAL '7' DAY, utilization
FROM (SELECT * FROM weekly_utilization WHERE utilization >= ${limitPressureThreshold})
MATCH_RECOGNIZE (
  PARTITION BY accountId, metric
  ORDER BY week_time
  MEASURES FIRST(W.week_start) AS firstWeek, LAST(W.week_start) AS lastWeek, LAST(W.utilization) AS utilization
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (W{${limitPressureWeeks}}) WITHIN INTERVAL '${limitPressureSpan}' DAY TO SECOND
  DEFINE W AS W.utilization >= ${limitPressureThreshold}
)

UNION ALL

-- seat_growth: at least ${minSeatsAdded} seat_added events within ${seatGrowthWindow} (days hours:minutes:seconds).
SELECT accountId, 'seat_growth', CAST(NULL AS STRING), firstAt, lastAt, CAST(seats AS DOUBLE)
FROM (SELECT * FROM events WHERE `type` = 'seat_added')
MATCH_RECOGNIZE (
  PARTITION BY accountId
  ORDER BY shifted
  MEASURES CAST(FIRST(S.occurredAt) AS TIMESTAMP(3)) AS firstAt, CAST(LAST(S.occurredAt) AS TIMESTAMP(3)) AS lastAt,
           COUNT(S.eventId) AS seats
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (S{${minSeatsAdded}}) WITHIN INTERVAL '${seatGrowthWindow}' DAY TO SECOND
  DEFINE S AS TRUE
);
