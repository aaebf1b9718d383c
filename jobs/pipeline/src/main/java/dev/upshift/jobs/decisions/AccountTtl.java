package dev.upshift.jobs.decisions;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The safety net under per-account state, shared by the operators keyed by account: accounts are cleared by a
 * tombstone or a churned record, and this TTL catches the forgotten.
 */
final class AccountTtl {
    static final Duration ACCOUNT_TTL = Duration.ofDays(400);

    private AccountTtl() {}

    static <T> ValueStateDescriptor<T> backstop(ValueStateDescriptor<T> descriptor) {
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ACCOUNT_TTL)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        return descriptor;
    }
}
