import type { Consumer } from 'kafkajs';
import { tpKey, type TopicPartition } from '../TopicPartition.js';
import type { DriverClient } from './DriverClient.js';
import type { PartitionMetrics } from './PartitionMetrics.js';

/** Where a partition is in the fetch cycle. */
export const enum PartitionState {
  /** Resumed: kafkajs may fetch it. */
  Fetching,
  /** Paused: a client buffers as many fetches of it as it accepts. */
  Held,
  /** Paused: nothing buffered, no client asked for more. */
  Idle,
}

export interface PartitionEntry {
  readonly tp: TopicPartition;
  state: PartitionState;
  client: DriverClient | undefined;
  /** Fetches delivered to the client and not yet released: at most its `fetchesPerPartition`. */
  held: number;
  highWatermark: number;
  /** The offset after the last record a client emitted; for lag. */
  position: number;
}

/**
 * @internal The partitions assigned to a driver's consumer, keyed `topic/partition`, each with its
 * fetch state; state changes pause or resume the partition in kafkajs.
 */
export class PartitionTable extends Map<string, PartitionEntry> {
  /** `onResume` runs whenever a partition is resumed. */
  constructor(
    private readonly consumer: Consumer,
    private readonly onResume: () => void,
  ) {
    super();
  }

  /** The partitions `client` reads. */
  ownedBy(client: DriverClient): TopicPartition[] {
    const out: TopicPartition[] = [];
    for (const e of this.values()) if (client.owns(e.tp.topic, e.tp.partition)) out.push(e.tp);
    return out;
  }

  /** Whether kafkajs may fetch any partition. */
  anyFetching(): boolean {
    for (const e of this.values()) if (e.state === PartitionState.Fetching) return true;
    return false;
  }

  /** The entry `emitted` last wrote: records come in runs of one partition, so no key per record. */
  private last: PartitionEntry | undefined = undefined;

  /** The next offset of each partition the stages have emitted from, by `topic/partition`. */
  positions(): Map<string, number> {
    return new Map([...this].map(([key, e]) => [key, e.position]));
  }

  /** Records the position of an emitted record, for lag. */
  emitted(topic: string, partition: number, offset: number): void {
    let e = this.last;
    if (e?.tp.partition !== partition || e.tp.topic !== topic) {
      e = this.get(tpKey(topic, partition));
      if (e === undefined) return;
      this.last = e;
    }
    e.position = offset + 1;
  }

  override set(key: string, entry: PartitionEntry): this {
    this.last = undefined;
    return super.set(key, entry);
  }

  override delete(key: string): boolean {
    this.last = undefined;
    return super.delete(key);
  }

  override clear(): void {
    this.last = undefined;
    super.clear();
  }

  /** Lag per assigned partition. */
  metrics(): PartitionMetrics[] {
    const out: PartitionMetrics[] = [];
    for (const e of this.values()) {
      const lag = e.highWatermark < 0 ? 0 : Math.max(0, e.highWatermark - Math.max(e.position, 0));
      out.push({
        topic: e.tp.topic,
        partition: e.tp.partition,
        position: e.position,
        highWatermark: e.highWatermark,
        lag,
      });
    }
    return out;
  }

  /**
   * Adds the partitions of `assignment` not yet in the table and returns them. Every one starts
   * paused, and a client with demand resumes its own; this also undoes a pause kafkajs kept from
   * before the rebalance (the never-resumed partitions of Pekko #249).
   */
  addAssigned(assignment: Readonly<Record<string, number[]>>): TopicPartition[] {
    const fresh: TopicPartition[] = [];
    for (const [topic, list] of Object.entries(assignment)) {
      for (const partition of list) {
        const key = tpKey(topic, partition);
        if (this.has(key)) continue;
        const tp = { topic, partition };
        this.set(key, {
          tp,
          state: PartitionState.Idle,
          client: undefined,
          held: 0,
          highWatermark: -1,
          position: -1,
        });
        fresh.push(tp);
      }
    }
    if (fresh.length > 0) this.pauseAll(fresh);
    return fresh;
  }

  /** Resumes every idle partition `client` reads; returns whether there was one. */
  resumeOwned(client: DriverClient): boolean {
    let resumed = false;
    for (const e of this.values()) {
      if (e.state !== PartitionState.Idle || !client.owns(e.tp.topic, e.tp.partition)) continue;
      e.client = client;
      this.setState(e, PartitionState.Fetching);
      resumed = true;
    }
    return resumed;
  }

  /** Resumes one partition for `client` if it is idle. */
  resumeOne(client: DriverClient, topic: string, partition: number): void {
    const e = this.get(tpKey(topic, partition));
    if (e?.state !== PartitionState.Idle) return;
    e.client = client;
    this.setState(e, PartitionState.Fetching);
  }

  /**
   * `client` took the last record of one of the partition's fetches (`position` is that offset +
   * 1). The partition fetches again if `client` accepts another fetch of it and either fetches
   * ahead or `wantsMore`, unless `blocked` (a revoke or the close is under way).
   */
  release(
    client: DriverClient,
    topic: string,
    partition: number,
    position: number,
    wantsMore: boolean,
    blocked: boolean,
  ): void {
    const e = this.get(tpKey(topic, partition));
    if (e?.client !== client || e.held === 0) return;
    e.held--;
    e.position = position;
    if (e.state === PartitionState.Fetching) return;
    const fetch =
      !blocked &&
      (wantsMore || (client.fetchesPerPartition > 1 && e.held < client.fetchesPerPartition));
    this.setState(
      e,
      fetch ? PartitionState.Fetching : e.held > 0 ? PartitionState.Held : PartitionState.Idle,
    );
  }

  /** Forgets `client` as the reader of its partitions, which go idle. */
  detach(client: DriverClient): void {
    for (const e of this.values()) {
      if (e.client !== client) continue;
      e.client = undefined;
      e.held = 0;
      this.setState(e, PartitionState.Idle);
    }
  }

  setState(e: PartitionEntry, state: PartitionState): void {
    if (e.state === state) return;
    const wasFetching = e.state === PartitionState.Fetching;
    e.state = state;
    const topics = [{ topic: e.tp.topic, partitions: [e.tp.partition] }];
    try {
      if (state === PartitionState.Fetching) {
        this.consumer.resume(topics);
        this.onResume();
      } else if (wasFetching) this.consumer.pause(topics);
    } catch {
      // The consumer is not running (not yet, or no longer): nothing to pause or resume.
    }
  }

  pauseAll(tps: readonly TopicPartition[]): void {
    const byTopic = new Map<string, number[]>();
    for (const tp of tps) {
      let list = byTopic.get(tp.topic);
      if (list === undefined) byTopic.set(tp.topic, (list = []));
      list.push(tp.partition);
    }
    this.consumer.pause([...byTopic].map(([topic, partitions]) => ({ topic, partitions })));
  }
}
