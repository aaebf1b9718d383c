package dev.upshift.jobs.runtime.io;

import dev.upshift.common.json.Json;
import dev.upshift.common.model.DeliveryRecord;
import org.apache.flink.api.common.serialization.AbstractDeserializationSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the delivery ledger; a tombstone or a record that is not ours is skipped (null), never fatal. */
public final class DeliveryLedgerFormat extends AbstractDeserializationSchema<DeliveryRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedgerFormat.class);

    @Override
    public DeliveryRecord deserialize(byte[] message) {
        if (message == null) {
            return null;
        }
        try {
            return Json.fromBytes(message, DeliveryRecord.class);
        } catch (RuntimeException e) {
            LOG.warn("Skipping a delivery ledger record that is not a delivery record: {}", e.getMessage());
            return null;
        }
    }
}
