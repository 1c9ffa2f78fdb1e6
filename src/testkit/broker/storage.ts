/**
 * On-disk storage for `dataDir`: `cluster.json` lists topics (ids, configs, replicas), and
 * each partition `<topic>-<n>/` holds `log` (its batches appended as stored, offsets
 * already assigned) and `meta.json` (the log start offset). Committed group offsets go to
 * `__consumer_offsets.log`, which the group coordinator writes (`groups/OffsetJournal.ts`).
 * Writes are synchronous so a state change and its persistence happen in the same turn of
 * the event loop.
 *
 * Crash safety: the JSON files are replaced whole (temporary file, fsync, rename), the logs
 * are append-only. Starting on a directory a crash left behind uses what is valid: a batch
 * cut short at a log's end is cut off; a `meta.json` that does not parse is ignored (the log
 * starts at its first stored batch); a `cluster.json` that does not parse is rebuilt from the
 * partition directories, with default configs. Each repair is logged.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Cluster, ClusterStore } from './Cluster.js';
import type { LogStore, PartitionLog } from './PartitionLog.js';
import { splitBatches } from './protocol/recordBatch.js';
import { invalidTopicName, Topic } from './topics.js';
import { writeFileAtomic } from './writeFileAtomic.js';

interface TopicFile {
  readonly name: string;
  readonly id: string;
  readonly replicationFactor: number;
  readonly configs: Record<string, string>;
  readonly replicas: number[][];
}

/** The topic list of `cluster.json`, or undefined if the file is torn or malformed. */
function parseTopics(text: string): TopicFile[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return Array.isArray(value) && value.every(isTopicFile) ? value : undefined;
}

function isTopicFile(v: unknown): v is TopicFile {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t['name'] === 'string' &&
    typeof t['id'] === 'string' &&
    typeof t['replicationFactor'] === 'number' &&
    typeof t['configs'] === 'object' &&
    t['configs'] !== null &&
    Object.values(t['configs']).every((c) => typeof c === 'string') &&
    Array.isArray(t['replicas']) &&
    t['replicas'].every((r) => Array.isArray(r) && r.every((id) => typeof id === 'number'))
  );
}

/** The log start offset of a `meta.json`, or undefined if it is torn or malformed. */
function parseLogStartOffset(text: string): number | undefined {
  try {
    const value: unknown = JSON.parse(text);
    const offset =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)['logStartOffset']
        : undefined;
    return typeof offset === 'number' && Number.isSafeInteger(offset) && offset >= 0
      ? offset
      : undefined;
  } catch {
    return undefined;
  }
}

class PartitionFile implements LogStore {
  private fd: number | undefined;

  constructor(
    fd: number,
    private readonly metaPath: string,
  ) {
    this.fd = fd;
  }

  append(batch: Buffer): void {
    if (this.fd !== undefined) writeSync(this.fd, batch);
  }

  setLogStartOffset(offset: number): void {
    writeFileAtomic(this.metaPath, JSON.stringify({ logStartOffset: offset }));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export class DiskStore implements ClusterStore {
  private constructor(private readonly dir: string) {}

  /** For extensions that keep their own files beside the logs. */
  get dataDir(): string {
    return this.dir;
  }

  /** Restores topics and logs found in `dir` into `cluster`, then persists its changes. */
  static attach(cluster: Cluster, dir: string): void {
    mkdirSync(dir, { recursive: true });
    const store = new DiskStore(dir);
    const isRebuilt = store.load(cluster);
    cluster.store = store;
    if (isRebuilt) store.saveTopics(cluster);
  }

  private partitionDir(topic: string, index: number): string {
    return join(this.dir, `${topic}-${index}`);
  }

  /** Restores what `cluster.json` lists; true if the list had to be rebuilt from the logs. */
  private load(cluster: Cluster): boolean {
    const file = join(this.dir, 'cluster.json');
    if (!existsSync(file)) return false;
    const parsed = parseTopics(readFileSync(file, 'utf8'));
    const topics = parsed ?? this.topicsFromDirectories(cluster);
    const brokers = cluster.brokers.length;
    for (const t of topics) {
      const topic = new Topic(t.name, t.id, new Map(Object.entries(t.configs)));
      topic.replicationFactor = Math.min(t.replicationFactor, brokers);
      cluster.topics.set(t.name, topic);
      t.replicas.forEach((replicas, index) => {
        // A restart with fewer brokers keeps the replicas that still exist (at least one).
        const kept = replicas.filter((id) => id < brokers);
        const log = topic.newPartition(index, kept.length > 0 ? kept : [index % brokers]);
        this.restore(cluster, log);
        topic.partitions.push(log);
      });
    }
    return parsed === undefined;
  }

  private restore(cluster: Cluster, log: PartitionLog): void {
    const dir = this.partitionDir(log.topic, log.index);
    const logPath = join(dir, 'log');
    if (existsSync(logPath)) {
      const data = readFileSync(logPath);
      let end = 0;
      for (const { start, size } of splitBatches(data)) {
        const bytes = Buffer.from(data.subarray(start, start + size));
        log.restore(bytes);
        if (bytes.readBigInt64BE(43) >= 0n) cluster.reserveProducerId(bytes.readBigInt64BE(43));
        end = start + size;
      }
      // A batch cut short by a crash would corrupt every later append; drop it.
      if (end < data.length) {
        const fd = openSync(logPath, 'r+');
        ftruncateSync(fd, end);
        closeSync(fd);
      }
    }
    const metaPath = join(dir, 'meta.json');
    if (existsSync(metaPath)) {
      const logStartOffset = parseLogStartOffset(readFileSync(metaPath, 'utf8'));
      if (logStartOffset === undefined) {
        cluster.log(`${log.label}: ${metaPath} is torn; the log starts at its first batch`);
      } else {
        log.deleteBefore(logStartOffset);
      }
    }
    this.openPartition(log);
    // Transaction state is not persisted, so transactions open at shutdown are aborted.
    for (const producerId of [...log.openTxns.keys()]) {
      const epoch = log.producers.get(producerId)?.epoch ?? 0;
      log.appendMarker(producerId, epoch, false, cluster.now());
    }
  }

  saveTopics(cluster: Cluster): void {
    const topics: TopicFile[] = [...cluster.topics.values()].map((t) => ({
      name: t.name,
      id: t.id,
      replicationFactor: t.replicationFactor,
      configs: Object.fromEntries(t.configs),
      replicas: t.partitions.map((p) => p.replicas),
    }));
    writeFileAtomic(join(this.dir, 'cluster.json'), JSON.stringify(topics, null, 2));
  }

  /**
   * The topics whose partition directories exist, for a `cluster.json` that does not parse:
   * their data survives, with new ids, default configs and one replica each.
   */
  private topicsFromDirectories(cluster: Cluster): TopicFile[] {
    cluster.log(`${join(this.dir, 'cluster.json')} is torn; topics are rebuilt from the logs`);
    const counts = new Map<string, number>();
    for (const entry of readdirSync(this.dir, { withFileTypes: true })) {
      const m = /^(.+)-(\d+)$/.exec(entry.name);
      if (!entry.isDirectory() || m?.[1] === undefined || invalidTopicName(m[1]) !== undefined) {
        continue;
      }
      counts.set(m[1], Math.max(counts.get(m[1]) ?? 0, Number(m[2]) + 1));
    }
    const brokers = cluster.brokers.length;
    return [...counts].map(([name, count]) => ({
      name,
      id: randomUUID(),
      replicationFactor: 1,
      configs: {},
      replicas: Array.from({ length: count }, (_, p) => [p % brokers]),
    }));
  }

  openPartition(log: PartitionLog): void {
    const dir = this.partitionDir(log.topic, log.index);
    mkdirSync(dir, { recursive: true });
    const fd = openSync(join(dir, 'log'), 'a');
    if (fstatSync(fd).size === 0 && log.highWatermark > 0) {
      // Only reachable if the directory was removed under us: rewrite what memory holds.
      for (const b of log.batches) writeSync(fd, b.bytes);
    }
    log.store = new PartitionFile(fd, join(dir, 'meta.json'));
  }

  deleteTopic(name: string): void {
    const pattern = new RegExp(`^${name.replace(/[.]/g, '\\.')}-\\d+$`);
    for (const entry of readdirSync(this.dir)) {
      if (pattern.test(entry)) rmSync(join(this.dir, entry), { recursive: true, force: true });
    }
  }

  close(): void {
    // Partition files are closed by the cluster; cluster.json is written on every change.
  }
}
