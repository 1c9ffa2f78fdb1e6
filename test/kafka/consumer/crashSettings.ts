import { logLevel } from 'kafkajs';
import { ConsumerSettings, Deserializers } from 'sluice/kafka';

/** The crash child's consumer settings. */
export function settingsFor(bootstrap: string, group: string): ConsumerSettings<string, string> {
  return ConsumerSettings.create({
    keyDeserializer: Deserializers.string,
    valueDeserializer: Deserializers.string,
  })
    .withBootstrapServers(bootstrap)
    .withGroupId(group)
    .withStopTimeout(0)
    .withProperties({
      autoOffsetReset: 'earliest',
      logLevel: logLevel.NOTHING,
      heartbeatInterval: 100,
      sessionTimeout: 6000,
    });
}
