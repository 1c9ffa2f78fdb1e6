/**
 * Every topic config of Kafka 3.9 (`LogConfig`), in Kafka's definition order, with its
 * defaults, types, value checks and broker synonyms. segment.*, retention.*, cleanup.policy
 * (stored; compaction is not implemented) and max.message.bytes change behaviour; the rest
 * are validated, stored and reported as Kafka reports them. Values the embedded broker cannot
 * honour (LogAppendTime, broker-side recompression) are refused with a reason.
 */
import {
  bool,
  ConfigType,
  double,
  int,
  listOf,
  long,
  LONG_MAX,
  oneOf,
  unchecked,
  type ConfigDef,
  type Validator,
} from './configDef.js';

export { ConfigSource, ConfigType, ResourceType, type ConfigDef } from './configDef.js';

const {
  boolean: BOOLEAN,
  string: STRING,
  int: INT,
  long: LONG,
  double: DOUBLE,
  list: LIST,
} = ConfigType;

/** `leader/follower.replication.throttled.replicas`: '', '*' or partition:broker pairs. */
const throttledReplicas: Validator = (v) =>
  v.trim() === '' || v.trim() === '*' || v.split(',').every((p) => /^\s*\d+:\d+\s*$/.test(p))
    ? undefined
    : `must be empty, '*' or a list of partition:broker pairs, got '${v}'`;

const compressionLevel =
  (min: bigint, max: bigint, unset?: string): Validator =>
  (v) =>
    v.trim() === unset ? undefined : int(min, max)(v);

function def(
  name: string,
  type: ConfigDef['type'],
  defaultValue: string,
  validate: Validator,
  doc: string,
  synonym?: readonly [string, string],
): ConfigDef {
  return synonym === undefined
    ? { name, type, defaultValue, validate, doc }
    : { name, type, defaultValue, validate, doc, synonym };
}

const DAY = '86400000';
const WEEK = '604800000';

const defs: ConfigDef[] = [
  def('segment.bytes', INT, '1073741824', int(14n), 'Size at which the active segment rolls.', [
    'log.segment.bytes',
    '1073741824',
  ]),
  def('segment.ms', LONG, WEEK, long(1n), 'Record-time span after which a segment rolls.', [
    'log.roll.hours',
    '168',
  ]),
  def('segment.jitter.ms', LONG, '0', long(0n), 'Stored; rolls are not jittered.', [
    'log.roll.jitter.hours',
    '0',
  ]),
  def('segment.index.bytes', INT, '10485760', int(4n), 'Stored; the log has no index files.', [
    'log.index.size.max.bytes',
    '10485760',
  ]),
  def('flush.messages', LONG, LONG_MAX, long(1n), 'Stored; every append is written at once.', [
    'log.flush.interval.messages',
    LONG_MAX,
  ]),
  def('flush.ms', LONG, LONG_MAX, long(0n), 'Stored; every append is written at once.'),
  def('retention.bytes', LONG, '-1', long(-9223372036854775808n), 'Size retention keeps.', [
    'log.retention.bytes',
    '-1',
  ]),
  def('retention.ms', LONG, WEEK, long(-1n), 'Age past which closed segments are deleted.', [
    'log.retention.hours',
    '168',
  ]),
  def('max.message.bytes', INT, '1048588', int(0n), 'Largest record batch a producer may append.', [
    'message.max.bytes',
    '1048588',
  ]),
  def('index.interval.bytes', INT, '4096', int(0n), 'Stored; the log has no index files.', [
    'log.index.interval.bytes',
    '4096',
  ]),
  def('delete.retention.ms', LONG, DAY, long(0n), 'Stored; compaction is not implemented.', [
    'log.cleaner.delete.retention.ms',
    DAY,
  ]),
  def('min.compaction.lag.ms', LONG, '0', long(0n), 'Stored; compaction is not implemented.', [
    'log.cleaner.min.compaction.lag.ms',
    '0',
  ]),
  def('max.compaction.lag.ms', LONG, LONG_MAX, long(1n), 'Stored; compaction is not implemented.', [
    'log.cleaner.max.compaction.lag.ms',
    LONG_MAX,
  ]),
  def('file.delete.delay.ms', LONG, '60000', long(0n), 'Stored; deleted segments go at once.', [
    'log.segment.delete.delay.ms',
    '60000',
  ]),
  def('min.cleanable.dirty.ratio', DOUBLE, '0.5', double(0, 1), 'Stored; no compaction.', [
    'log.cleaner.min.cleanable.ratio',
    '0.5',
  ]),
  def('cleanup.policy', LIST, 'delete', listOf('compact', 'delete'), 'Stored; no compaction.', [
    'log.cleanup.policy',
    'delete',
  ]),
  def('unclean.leader.election.enable', BOOLEAN, 'false', bool, 'Stored; one copy of data.', [
    'unclean.leader.election.enable',
    'false',
  ]),
  def('min.insync.replicas', INT, '1', int(1n), 'Stored; one copy of the data.', [
    'min.insync.replicas',
    '1',
  ]),
  def(
    'compression.type',
    STRING,
    'producer',
    oneOf('producer'),
    'Only producer: batches are kept as the producer compressed them.',
    ['compression.type', 'producer'],
  ),
  def('compression.gzip.level', INT, '-1', compressionLevel(1n, 9n, '-1'), 'Stored.', [
    'compression.gzip.level',
    '-1',
  ]),
  def('compression.lz4.level', INT, '9', compressionLevel(1n, 17n), 'Stored.', [
    'compression.lz4.level',
    '9',
  ]),
  def('compression.zstd.level', INT, '3', compressionLevel(-131072n, 22n), 'Stored.', [
    'compression.zstd.level',
    '3',
  ]),
  def('preallocate', BOOLEAN, 'false', bool, 'Stored.', ['log.preallocate', 'false']),
  def('message.format.version', STRING, '3.0-IV1', unchecked, 'Deprecated; stored.', [
    'log.message.format.version',
    '3.0-IV1',
  ]),
  def(
    'message.timestamp.type',
    STRING,
    'CreateTime',
    oneOf('CreateTime'),
    'Only CreateTime: records keep the producer timestamp.',
    ['log.message.timestamp.type', 'CreateTime'],
  ),
  def('message.timestamp.difference.max.ms', LONG, LONG_MAX, long(0n), 'Deprecated; stored.', [
    'log.message.timestamp.difference.max.ms',
    LONG_MAX,
  ]),
  def('message.timestamp.before.max.ms', LONG, LONG_MAX, long(0n), 'Stored.', [
    'log.message.timestamp.before.max.ms',
    LONG_MAX,
  ]),
  def('message.timestamp.after.max.ms', LONG, LONG_MAX, long(0n), 'Stored.', [
    'log.message.timestamp.after.max.ms',
    LONG_MAX,
  ]),
  def('leader.replication.throttled.replicas', LIST, '', throttledReplicas, 'Stored.'),
  def('follower.replication.throttled.replicas', LIST, '', throttledReplicas, 'Stored.'),
  def('message.downconversion.enable', BOOLEAN, 'true', bool, 'Stored.', [
    'log.message.downconversion.enable',
    'true',
  ]),
  def('remote.storage.enable', BOOLEAN, 'false', oneOf('false'), 'No tiered storage.'),
  def('local.retention.ms', LONG, '-2', long(-2n), 'Stored; no tiered storage.', [
    'log.local.retention.ms',
    '-2',
  ]),
  def('local.retention.bytes', LONG, '-2', long(-2n), 'Stored; no tiered storage.', [
    'log.local.retention.bytes',
    '-2',
  ]),
  def('remote.log.copy.disable', BOOLEAN, 'false', bool, 'Stored; no tiered storage.'),
  def('remote.log.delete.on.disable', BOOLEAN, 'false', bool, 'Stored; no tiered storage.'),
];

/** Every topic config by name, in Kafka's definition order. */
export const TOPIC_CONFIGS: ReadonlyMap<string, ConfigDef> = new Map(defs.map((d) => [d.name, d]));

/** Why `name=value` cannot be set on a topic, or undefined if it can. */
export function checkTopicConfig(name: string, value: string | null): string | undefined {
  const config = TOPIC_CONFIGS.get(name);
  if (config === undefined) return `Unknown topic config name: ${name}`;
  if (value === null) return undefined;
  const reason = config.validate(value);
  return reason === undefined
    ? undefined
    : `Invalid value ${value} for configuration ${name}: ${reason}`;
}
