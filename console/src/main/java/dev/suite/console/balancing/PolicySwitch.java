package dev.suite.console.balancing;

import java.util.List;

/**
 * One policy switch made from the console and how it spread: when the KV write was acknowledged, at which
 * ModifyIndex, and when each instance reported in {@code /actuator/info} an {@code config.appliedIndex} at or past it.
 *
 * @param service            the target service whose policy was switched
 * @param key                the KV key written
 * @param policy             the value written
 * @param index              the key's ModifyIndex read back after the write (0 when it could not be read)
 * @param acknowledgedMillis when the console received the write's {@code true} (epoch millis, the console's clock)
 * @param instances          instances that report an applied index, in catalog order
 * @param silent             instances of the catalog that did not answer {@code /actuator/info} (yet)
 * @param withoutIndex       instances whose {@code /actuator/info} has no {@code config.appliedIndex}: they follow no
 *                           shared configuration (not a client of it, or started before the KV store answered)
 * @param done               whether every instance applied it or the console stopped waiting
 */
public record PolicySwitch(long id, String service, String key, String policy, long index, long acknowledgedMillis,
                           List<Applied> instances, List<String> silent,
                           List<String> withoutIndex, boolean done) {

    /**
     * One instance's view of the switch.
     *
     * @param appliedIndex  the last {@code config.appliedIndex} it reported
     * @param appliedMillis when it applied a state at or past the write's index: its own {@code lastRefresh.epochMillis}
     *                      when that refresh changed the policy property, else when the console first saw the index;
     *                      null while pending
     * @param delayMs       {@code appliedMillis - acknowledgedMillis}, at least 0 (an instance may apply the change
     *                      before the acknowledgement reaches the console); null while pending
     */
    public record Applied(String service, String instanceId, String address, long appliedIndex, Long appliedMillis,
                          Long delayMs) {
    }
}
