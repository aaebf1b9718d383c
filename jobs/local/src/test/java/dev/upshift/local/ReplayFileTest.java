package dev.upshift.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upshift.common.config.ConfigLoader;
import dev.upshift.common.json.InputParser;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backtest's input preparation without Flink: order, spilling to disk, compressed input. */
class ReplayFileTest {
    private static final int EVENTS = 5_000;
    private final InputParser parser = new InputParser(ConfigLoader.defaults());

    @TempDir
    Path dir;

    @Test
    void accountsComeFirstInFileOrderThenEverythingElseByEventTime() throws IOException {
        Path accounts = Files.writeString(dir.resolve("accounts.jsonl"), """
                {"accountId":"b","planId":"team"}

                {"accountId":"a","planId":"team"}
                """);
        Path events = Files.writeString(dir.resolve("events.jsonl"), """
                {"eventId":"late","accountId":"a","type":"session","occurredAt":"2026-01-07T00:00:00Z"}
                not json
                {"eventId":"early","accountId":"a","type":"session","occurredAt":"2026-01-05T00:00:00Z"}
                """);
        Path feedback = Files.writeString(dir.resolve("feedback.jsonl"), """
                {"accountId":"a","outcome":"unsubscribed","occurredAt":"2026-01-06T00:00:00Z"}
                """);

        List<ReplayRecord> replayed = read(ReplayFile.write(new InputFiles(accounts, events, feedback), parser,
                dir.resolve("work"), new Progress()));

        assertThat(replayed).extracting(record -> record.kind() + ":" + record.position()).containsExactly(
                "ACCOUNTS:1", "ACCOUNTS:3", // blank lines are skipped, numbers kept
                "EVENTS:2", // no event time: first, to be dead-lettered
                "EVENTS:3", "FEEDBACK:1", "EVENTS:1");
    }

    @Test
    void aSortThatSpillsToDiskGivesTheSameOrderAsOneInMemoryAndReadsGzip() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            long at = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli() + (i % 700) * 3_600_000L; // many share a time
            lines.add("{\"eventId\":\"e" + i + "\",\"accountId\":\"a" + (i % 37) + "\",\"type\":\"session\",\"occurredAt\":\""
                    + Instant.ofEpochMilli(at) + "\"}");
        }
        Collections.shuffle(lines, new Random(3));
        Path accounts = Files.writeString(dir.resolve("accounts.jsonl"), "");
        Path plain = Files.write(dir.resolve("events.jsonl"), lines);
        Path gzip = dir.resolve("events.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(Files.readAllBytes(plain));
        }

        List<ReplayRecord> inMemory = read(ReplayFile.write(new InputFiles(accounts, plain, null), parser, dir.resolve("memory"),
                Long.MAX_VALUE, new Progress()));
        List<ReplayRecord> spilled = read(ReplayFile.write(new InputFiles(accounts, gzip, null), parser, dir.resolve("spilled"),
                16 * 1024, new Progress()));

        assertThat(inMemory).hasSize(EVENTS).isSortedAccordingTo(ReplayRecord.EVENT_TIME_ORDER);
        assertThat(spilled).extracting(record -> new String(record.payload(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(inMemory.stream().map(record -> new String(record.payload(), StandardCharsets.UTF_8)).toList());
        try (var runs = Files.list(dir.resolve("spilled").resolve("sort"))) {
            assertThat(runs).as("the runs are deleted once merged").isEmpty();
        }
    }

    private static List<ReplayRecord> read(ReplayFile replay) throws IOException {
        List<ReplayRecord> records = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(replay.path())))) {
            for (ReplayRecord record = ReplayRecord.CODEC.read(in); record != null; record = ReplayRecord.CODEC.read(in)) {
                records.add(record);
            }
        }
        assertThat(replay.records()).isEqualTo(records.size());
        return records;
    }
}
