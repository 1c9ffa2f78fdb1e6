/**
 * Config definitions shared by topic and broker configs: Kafka's config types, sources and
 * the value checks of its `ConfigDef` (ranges, enumerations, lists), as DescribeConfigs,
 * AlterConfigs and CreateTopics report and apply them.
 */

/** Config resource types of DescribeConfigs and AlterConfigs. */
export const ResourceType = { topic: 2, broker: 4 } as const;

/** DescribeConfigs `config_type` values (Kafka's ConfigEntry.ConfigType). */
export const ConfigType = {
  boolean: 1,
  string: 2,
  int: 3,
  short: 4,
  long: 5,
  double: 6,
  list: 7,
  class: 8,
  password: 9,
} as const;

/** DescribeConfigs `config_source` values (Kafka's DescribeConfigsResponse.ConfigSource). */
export const ConfigSource = {
  topic: 1,
  dynamicBroker: 2,
  dynamicDefaultBroker: 3,
  staticBroker: 4,
  default: 5,
} as const;

/** Reason a value is refused, or undefined when it is acceptable. */
export type Validator = (value: string) => string | undefined;

export interface ConfigDef {
  readonly name: string;
  readonly defaultValue: string;
  readonly type: (typeof ConfigType)[keyof typeof ConfigType];
  readonly doc: string;
  readonly validate: Validator;
  /** The broker config that sets this topic config's default, and that config's default. */
  readonly synonym?: readonly [name: string, value: string];
}

/** Java's Long.MAX_VALUE, the default of Kafka's unbounded configs. */
export const LONG_MAX = '9223372036854775807';
const INT_MAX = 2147483647n;

function integerIn(min: bigint, max: bigint): Validator {
  return (v) => {
    if (!/^-?\d+$/.test(v.trim())) return `must be an integer, got '${v}'`;
    const n = BigInt(v.trim());
    if (n < min) return `must be at least ${min}, got ${v}`;
    return n > max ? `must be at most ${max}, got ${v}` : undefined;
  };
}

/** A LONG of at least `min`. */
export const long = (min: bigint): Validator => integerIn(min, BigInt(LONG_MAX));
/** An INT of at least `min`, or between `min` and `max`. */
export const int = (min: bigint, max = INT_MAX): Validator => integerIn(min, max);

/** A DOUBLE between `min` and `max`. */
export function double(min: number, max: number): Validator {
  return (v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) return `must be a number, got '${v}'`;
    return n < min || n > max ? `must be between ${min} and ${max}, got ${v}` : undefined;
  };
}

/** A BOOLEAN: true or false, whatever the letter case, as Kafka parses it. */
export const bool: Validator = (v) =>
  /^(true|false)$/i.test(v.trim()) ? undefined : `must be true or false, got '${v}'`;

/** One of `allowed`. */
export function oneOf(...allowed: string[]): Validator {
  return (v) =>
    allowed.includes(v) ? undefined : `must be one of ${allowed.join(', ')}, got '${v}'`;
}

/** A comma-separated list of `allowed` values. */
export function listOf(...allowed: string[]): Validator {
  return (v) =>
    v.split(',').every((p) => allowed.includes(p.trim()))
      ? undefined
      : `must be a list of ${allowed.join(', ')}, got '${v}'`;
}

/** No check, for strings and lists Kafka does not constrain. */
export const unchecked: Validator = () => undefined;
