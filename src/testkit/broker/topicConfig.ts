/**
 * Topic configs the broker knows. Four change behaviour (`retention.ms`, `retention.bytes`,
 * `cleanup.policy` is stored but compaction is not implemented, `max.message.bytes`); the
 * rest are accepted and reported so that admin clients that set them do not fail.
 */

/** Config resource types of DescribeConfigs and AlterConfigs. */
export const ResourceType = { topic: 2, broker: 4 } as const;

/** DescribeConfigs `config_type` values (Kafka's ConfigEntry.ConfigType). */
export const ConfigType = { boolean: 1, string: 2, int: 3, long: 5, double: 6, list: 7 } as const;

/** DescribeConfigs `config_source` values. */
export const ConfigSource = { topic: 1, staticBroker: 4, default: 5 } as const;

export interface ConfigDef {
  readonly name: string;
  readonly defaultValue: string;
  readonly type: (typeof ConfigType)[keyof typeof ConfigType];
  readonly doc: string;
  /** Reason the value is refused, or undefined when it is acceptable. */
  validate(value: string): string | undefined;
}

const LONG_MAX = 9223372036854775807n;

function longAtLeast(min: bigint): (v: string) => string | undefined {
  return (v) => {
    if (!/^-?\d+$/.test(v)) return `must be an integer, got '${v}'`;
    const n = BigInt(v);
    return n < min || n > LONG_MAX ? `must be at least ${min}, got ${v}` : undefined;
  };
}

function oneOf(...allowed: string[]): (v: string) => string | undefined {
  return (v) => {
    const parts = v.split(',').map((s) => s.trim());
    return parts.every((p) => allowed.includes(p))
      ? undefined
      : `must be a list of ${allowed.join(', ')}, got '${v}'`;
  };
}

const defs: ConfigDef[] = [
  {
    name: 'retention.ms',
    defaultValue: '604800000',
    type: ConfigType.long,
    doc: 'How long a batch is kept, by its largest timestamp; -1 keeps forever.',
    validate: longAtLeast(-1n),
  },
  {
    name: 'retention.bytes',
    defaultValue: '-1',
    type: ConfigType.long,
    doc: 'Largest partition size before the oldest batches are deleted; -1 means no limit.',
    validate: longAtLeast(-1n),
  },
  {
    name: 'cleanup.policy',
    defaultValue: 'delete',
    type: ConfigType.list,
    doc: 'delete or compact; the embedded broker stores compact but never compacts.',
    validate: oneOf('delete', 'compact'),
  },
  {
    name: 'max.message.bytes',
    defaultValue: '1048588',
    type: ConfigType.int,
    doc: 'Largest record batch a producer may append (MESSAGE_TOO_LARGE above it).',
    validate: longAtLeast(0n),
  },
  {
    name: 'segment.bytes',
    defaultValue: '1073741824',
    type: ConfigType.int,
    doc: 'Accepted for compatibility; the embedded log has no segments.',
    validate: longAtLeast(14n),
  },
  {
    name: 'min.insync.replicas',
    defaultValue: '1',
    type: ConfigType.int,
    doc: 'Accepted for compatibility; every partition has one copy of its data.',
    validate: longAtLeast(1n),
  },
  {
    name: 'compression.type',
    defaultValue: 'producer',
    type: ConfigType.string,
    doc: 'Only producer (keep what the producer sent) is supported.',
    validate: oneOf('producer'),
  },
  {
    name: 'message.timestamp.type',
    defaultValue: 'CreateTime',
    type: ConfigType.string,
    doc: 'Only CreateTime is supported.',
    validate: oneOf('CreateTime'),
  },
];

/** Known topic configs by name. */
export const TOPIC_CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(defs.map((d) => [d.name, d]));

/** Why `name=value` cannot be set on a topic, or undefined if it can. */
export function checkTopicConfig(name: string, value: string | null): string | undefined {
  const def = TOPIC_CONFIGS.get(name);
  if (def === undefined) return `unknown topic config '${name}'`;
  if (value === null) return undefined;
  const reason = def.validate(value);
  return reason === undefined ? undefined : `${name} ${reason}`;
}
