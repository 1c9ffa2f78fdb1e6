/**
 * On-disk storage for `dataDir`: `cluster.json` lists topics (ids, configs, replicas), and
 * each partition `<topic>-<n>/` holds `log` (its batches appended as stored, offsets
 * already assigned) and `meta.json` (the log start offset). Committed group offsets go to
 * `__consumer_offsets.log`, which the group coordinator writes (`groups/OffsetJournal.ts`).
 * Writes are synchronous so a state change and its persistence happen in the same turn of
 * the event loop.
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
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Cluster, ClusterStore } from './Cluster.js';
import type { LogStore, PartitionLog } from './PartitionLog.js';
import { splitBatches } from './protocol/recordBatch.js';
import { Topic } from './topics.js';

interface TopicFile {
  readonly name: string;
  readonly id: string;
  readonly replicationFactor: number;
  readonly configs: Record<string, string>;
  readonly replicas: number[][];
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
    writeFileSync(this.metaPath, JSON.stringify({ logStartOffset: offset }));
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
    store.load(cluster);
    cluster.store = store;
  }

  private partitionDir(topic: string, index: number): string {
    return join(this.dir, `${topic}-${index}`);
  }

  private load(cluster: Cluster): void {
    const file = join(this.dir, 'cluster.json');
    if (!existsSync(file)) return;
    const topics = JSON.parse(readFileSync(file, 'utf8')) as TopicFile[];
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
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { logStartOffset: number };
      log.deleteBefore(meta.logStartOffset);
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
    const file = join(this.dir, 'cluster.json');
    // Write-then-rename so a crash never leaves a half-written topic list.
    writeFileSync(`${file}.tmp`, JSON.stringify(topics, null, 2));
    renameSync(`${file}.tmp`, file);
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
