// Where the Kafka examples run: the cluster named by `--bootstrap host:port[,host:port]`, or an
// embedded broker started for the run when none is named.
import { parseArgs } from 'node:util';
import { EmbeddedKafka } from 'sluice/testkit';

/** The cluster an example talks to, and how to let go of it. */
export interface KafkaTarget {
  readonly bootstrapServers: string[];
  /** `embedded` or the `--bootstrap` value, for the example's first line of output. */
  readonly description: string;
  /** Stops the embedded broker; a real cluster is left alone. */
  stop(): Promise<void>;
}

/**
 * Reads `--bootstrap` from `argv` (default: the process's arguments) and starts an embedded
 * broker with `partitions` per topic when it is absent.
 * @throws TypeError for an unknown option or a `--bootstrap` without `host:port`.
 */
export async function kafkaTarget(
  argv: readonly string[] = process.argv.slice(2),
  partitions = 3,
): Promise<KafkaTarget> {
  const { values } = parseArgs({
    args: [...argv],
    options: { bootstrap: { type: 'string' } },
    strict: true,
  });
  const bootstrap = values.bootstrap;
  if (bootstrap !== undefined) {
    const servers = bootstrap.split(',').filter((s) => s !== '');
    if (servers.length === 0 || !servers.every((s) => /^[^:]+:\d+$/.test(s))) {
      throw new TypeError(`--bootstrap must be host:port[,host:port...], got '${bootstrap}'`);
    }
    return { bootstrapServers: servers, description: bootstrap, stop: () => Promise.resolve() };
  }
  const kafka = await EmbeddedKafka.start({ defaultPartitions: partitions, log: () => undefined });
  return {
    bootstrapServers: kafka.bootstrapServers,
    description: `embedded broker at ${kafka.bootstrapServers.join(',')}`,
    stop: () => kafka.stop(),
  };
}
