/**
 * Broker configs as DescribeConfigs reports them and AlterConfigs changes them: Kafka's main
 * static settings (read-only; what `EmbeddedKafka.start` options set is a STATIC_BROKER_CONFIG,
 * the rest Kafka's defaults), the broker synonyms of every topic config, and a few thread and
 * connection settings. Those Kafka can change at run time are dynamic here too: AlterConfigs
 * sets them per broker (resource name = broker id) or for the whole cluster (resource name
 * ""). The embedded broker reports and persists nothing more: a dynamic value changes what is
 * described, not how topics behave (topics follow their own configs and Kafka's defaults).
 */
import type { Cluster, ExtensionKey } from './Cluster.js';
import { bool, ConfigSource, ConfigType, int, long, type Validator } from './configDef.js';
import { TOPIC_CONFIGS } from './topicConfig.js';

/** One broker config as it is described. */
export interface BrokerConfigEntry {
  readonly name: string;
  readonly value: string;
  readonly type: number;
  readonly source: number;
  readonly readOnly: boolean;
  /** Where the value comes from, most specific first (DescribeConfigs synonyms). */
  readonly synonyms: readonly { name: string; value: string; source: number }[];
}

interface BrokerConfigDef {
  readonly name: string;
  readonly type: number;
  readonly defaultValue: string;
  readonly isDynamic: boolean;
  readonly validate: Validator;
  /** The value the embedded cluster runs with, when it differs from Kafka's default. */
  readonly configured?: (cluster: Cluster, brokerId: number) => string;
}

const { boolean: BOOLEAN, int: INT, string: STRING } = ConfigType;

const staticDefs: BrokerConfigDef[] = [
  {
    name: 'broker.id',
    type: INT,
    defaultValue: '-1',
    isDynamic: false,
    validate: int(-1n),
    configured: (_c, id) => String(id),
  },
  {
    name: 'listeners',
    type: STRING,
    defaultValue: 'PLAINTEXT://:9092',
    isDynamic: false,
    validate: () => undefined,
    configured: (c, id) => `PLAINTEXT://${c.options.host}:${c.broker(id)?.port ?? 0}`,
  },
  {
    name: 'advertised.listeners',
    type: STRING,
    defaultValue: 'PLAINTEXT://:9092',
    isDynamic: false,
    validate: () => undefined,
    configured: (c, id) => `PLAINTEXT://${c.options.host}:${c.broker(id)?.port ?? 0}`,
  },
  {
    name: 'num.partitions',
    type: INT,
    defaultValue: '1',
    isDynamic: false,
    validate: int(1n),
    configured: (c) => String(c.options.defaultPartitions),
  },
  {
    name: 'default.replication.factor',
    type: INT,
    defaultValue: '1',
    isDynamic: false,
    validate: int(1n),
    configured: (c) => String(Math.min(3, c.brokers.length)),
  },
  {
    name: 'auto.create.topics.enable',
    type: BOOLEAN,
    defaultValue: 'true',
    isDynamic: false,
    validate: bool,
    configured: (c) => String(c.options.autoCreateTopics),
  },
  {
    name: 'delete.topic.enable',
    type: BOOLEAN,
    defaultValue: 'true',
    isDynamic: false,
    validate: bool,
  },
  { name: 'num.network.threads', type: INT, defaultValue: '3', isDynamic: true, validate: int(1n) },
  { name: 'num.io.threads', type: INT, defaultValue: '8', isDynamic: true, validate: int(1n) },
  { name: 'background.threads', type: INT, defaultValue: '10', isDynamic: true, validate: int(1n) },
  {
    name: 'num.replica.fetchers',
    type: INT,
    defaultValue: '1',
    isDynamic: true,
    validate: int(1n),
  },
  { name: 'log.cleaner.threads', type: INT, defaultValue: '1', isDynamic: true, validate: int(0n) },
  {
    name: 'max.connections',
    type: INT,
    defaultValue: '2147483647',
    isDynamic: true,
    validate: int(0n),
  },
  {
    name: 'log.retention.check.interval.ms',
    type: ConfigType.long,
    defaultValue: '300000',
    isDynamic: false,
    validate: long(1n),
  },
];

/** The broker side of each topic config: same type and checks; the *.hours forms are static. */
const synonymDefs: BrokerConfigDef[] = [...TOPIC_CONFIGS.values()].flatMap((t) =>
  t.synonym === undefined
    ? []
    : [
        {
          name: t.synonym[0],
          type: t.synonym[0].endsWith('.hours') ? INT : t.type,
          defaultValue: t.synonym[1],
          isDynamic: !t.synonym[0].endsWith('.hours'),
          validate: t.synonym[0].endsWith('.hours') ? int(1n) : t.validate,
        },
      ],
);

const BROKER_CONFIGS: ReadonlyMap<string, BrokerConfigDef> = new Map(
  [...staticDefs, ...synonymDefs].map((d) => [d.name, d]),
);

/** Dynamic broker configs set by AlterConfigs: per broker id, and the cluster default. */
export class DynamicBrokerConfigs {
  readonly perBroker = new Map<number, Map<string, string>>();
  readonly clusterDefault = new Map<string, string>();

  /** The overrides of broker `id`, or of the cluster default for undefined. */
  of(id: number | undefined): Map<string, string> {
    if (id === undefined) return this.clusterDefault;
    let configs = this.perBroker.get(id);
    if (configs === undefined) {
      configs = new Map();
      this.perBroker.set(id, configs);
    }
    return configs;
  }
}

/** The cluster's dynamic broker configs. */
export const dynamicBrokerConfigsKey: ExtensionKey<DynamicBrokerConfigs> = {
  name: 'dynamicBrokerConfigs',
  create: () => new DynamicBrokerConfigs(),
};

/**
 * Why `name=value` cannot be set dynamically, or undefined if it can. As in Kafka, names
 * that are not broker configs are accepted and stored; static ones are refused.
 */
export function checkDynamicBrokerConfig(name: string, value: string | null): string | undefined {
  const def = BROKER_CONFIGS.get(name);
  if (def === undefined || value === null) return undefined;
  if (!def.isDynamic) return `Cannot update these configs dynamically: Set(${name})`;
  const reason = def.validate(value);
  return reason === undefined
    ? undefined
    : `Invalid value ${value} for configuration ${name}: ${reason}`;
}

/**
 * Every config of broker `brokerId` (or, for undefined, the cluster-wide dynamic defaults
 * only, as Kafka describes the resource ""), with its source and synonyms.
 */
export function describeBroker(
  cluster: Cluster,
  brokerId: number | undefined,
): BrokerConfigEntry[] {
  const dynamic = cluster.extension(dynamicBrokerConfigsKey);
  if (brokerId === undefined) {
    return [...dynamic.clusterDefault].map(([name, value]) => {
      const synonym = { name, value, source: ConfigSource.dynamicDefaultBroker };
      const type = BROKER_CONFIGS.get(name)?.type ?? STRING;
      return { name, value, type, source: synonym.source, readOnly: false, synonyms: [synonym] };
    });
  }
  const perBroker = dynamic.perBroker.get(brokerId) ?? new Map<string, string>();
  const unknown = [...perBroker.keys(), ...dynamic.clusterDefault.keys()].filter(
    (n) => !BROKER_CONFIGS.has(n),
  );
  const names = [...BROKER_CONFIGS.keys(), ...new Set(unknown)];
  return names.map((name) => {
    const def = BROKER_CONFIGS.get(name);
    const synonyms: { name: string; value: string; source: number }[] = [];
    const add = (value: string | undefined, source: number): void => {
      if (value !== undefined) synonyms.push({ name, value, source });
    };
    add(perBroker.get(name), ConfigSource.dynamicBroker);
    add(dynamic.clusterDefault.get(name), ConfigSource.dynamicDefaultBroker);
    add(def?.configured?.(cluster, brokerId), ConfigSource.staticBroker);
    add(def?.defaultValue, ConfigSource.default);
    const first = synonyms[0] ?? { name, value: '', source: ConfigSource.default };
    return {
      name,
      value: first.value,
      type: def?.type ?? STRING,
      source: first.source,
      readOnly: def?.isDynamic !== true,
      synonyms,
    };
  });
}
