/**
 * The transaction coordinator: transactional ids, producer epochs and fencing, the
 * partitions and groups in each open transaction, COMMIT/ABORT markers and timeouts.
 *
 * EndTxn writes its markers before it answers, so Prepare* states are never visible and
 * CONCURRENT_TRANSACTIONS is never needed. Offsets sent with TxnOffsetCommit belong to the
 * group coordinator; they reach it through the hooks in txnOffsets.ts.
 */
import type { Cluster } from './Cluster.js';
import { ErrorCode } from './errors.js';
import type { PartitionLog } from './PartitionLog.js';
import {
  FallbackTxnOffsets,
  txnOffsetHooksFor,
  type TxnOffset,
  type TxnOffsetHooks,
} from './txnOffsets.js';

export { provideTxnOffsetHooks, type TxnOffset, type TxnOffsetHooks } from './txnOffsets.js';

/** Kafka's `transaction.max.timeout.ms`. */
export const MAX_TRANSACTION_TIMEOUT_MS = 900_000;

export type TxnStatus = 'Empty' | 'Ongoing' | 'CompleteCommit' | 'CompleteAbort';

/** Coordinator state of one transactional id. */
export interface TxnMetadata {
  readonly transactionalId: string;
  producerId: bigint;
  epoch: number;
  timeoutMs: number;
  status: TxnStatus;
  readonly partitions: Set<PartitionLog>;
  readonly groups: Set<string>;
  /** When the transaction became Ongoing, for its timeout. */
  startedAt: number;
}

/** Result of InitProducerId. */
export interface ProducerIdAndEpoch {
  readonly errorCode: number;
  readonly producerId: bigint;
  readonly epoch: number;
}

const NO_PRODUCER: ProducerIdAndEpoch = { errorCode: 0, producerId: -1n, epoch: -1 };
const MAX_EPOCH = 0x7fff;

export class Transactions {
  private readonly byId = new Map<string, TxnMetadata>();
  private readonly byProducer = new Map<bigint, TxnMetadata>();
  /** Keeps transactional offsets when no group module provided hooks (see txnOffsets.ts). */
  readonly fallback = new FallbackTxnOffsets();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly cluster: Cluster) {}

  private hooks(): TxnOffsetHooks {
    return txnOffsetHooksFor(this.cluster, this.fallback);
  }

  /** The broker that coordinates `transactionalId` (FindCoordinator key type 1). */
  coordinatorFor(transactionalId: string): number {
    const live = this.cluster.liveBrokers();
    if (live.length === 0) return -1;
    let h = 0;
    for (let i = 0; i < transactionalId.length; i++)
      h = (h * 31 + transactionalId.charCodeAt(i)) | 0;
    return live[Math.abs(h) % live.length]?.id ?? -1;
  }

  get(transactionalId: string): TxnMetadata | undefined {
    return this.byId.get(transactionalId);
  }

  /**
   * InitProducerId. Without a transactional id: a fresh producer id, epoch 0. With one:
   * create it, or abort its open transaction and bump the epoch, fencing older producers.
   */
  initProducerId(
    transactionalId: string | null,
    timeoutMs: number,
    /** v3+: the producer's current id and epoch, or -1 for a fresh start (KIP-360). */
    current: { producerId: bigint; epoch: number } = { producerId: -1n, epoch: -1 },
  ): ProducerIdAndEpoch {
    if (transactionalId === null) {
      return { errorCode: 0, producerId: this.cluster.allocateProducerId(), epoch: 0 };
    }
    if (transactionalId === '') return { ...NO_PRODUCER, errorCode: ErrorCode.INVALID_REQUEST };
    if (timeoutMs <= 0 || timeoutMs > MAX_TRANSACTION_TIMEOUT_MS) {
      return { ...NO_PRODUCER, errorCode: ErrorCode.INVALID_TRANSACTION_TIMEOUT };
    }
    let txn = this.byId.get(transactionalId);
    if (txn === undefined) {
      txn = {
        transactionalId,
        producerId: this.cluster.allocateProducerId(),
        epoch: 0,
        timeoutMs,
        status: 'Empty',
        partitions: new Set(),
        groups: new Set(),
        startedAt: 0,
      };
      this.byId.set(transactionalId, txn);
    } else {
      const claimsCurrent = current.producerId >= 0n;
      if (claimsCurrent && (current.producerId !== txn.producerId || current.epoch !== txn.epoch)) {
        return { ...NO_PRODUCER, errorCode: ErrorCode.INVALID_PRODUCER_EPOCH };
      }
      if (txn.status === 'Ongoing') this.complete(txn, false);
      this.byProducer.delete(txn.producerId);
      this.bumpEpoch(txn);
      txn.timeoutMs = timeoutMs;
      txn.status = 'Empty';
    }
    this.byProducer.set(txn.producerId, txn);
    return { errorCode: 0, producerId: txn.producerId, epoch: txn.epoch };
  }

  private bumpEpoch(txn: TxnMetadata): void {
    if (txn.epoch >= MAX_EPOCH - 1) {
      txn.producerId = this.cluster.allocateProducerId();
      txn.epoch = 0;
    } else {
      txn.epoch++;
    }
  }

  /** Shared checks: the id must exist and map to this producer, at its current epoch. */
  check(transactionalId: string, producerId: bigint, epoch: number): TxnMetadata | number {
    const txn = this.byId.get(transactionalId);
    if (txn?.producerId !== producerId) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    // Kafka sends PRODUCER_FENCED (90) only in versions kafkajs and librdkafka never use.
    if (txn.epoch !== epoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    return txn;
  }

  private begin(txn: TxnMetadata): void {
    if (txn.status !== 'Ongoing') {
      txn.status = 'Ongoing';
      txn.startedAt = this.cluster.now();
      txn.partitions.clear();
      txn.groups.clear();
      this.scheduleTimeouts();
    }
  }

  /** AddPartitionsToTxn after the caller resolved the partitions. */
  addPartitions(txn: TxnMetadata, partitions: readonly PartitionLog[]): void {
    this.begin(txn);
    for (const p of partitions) txn.partitions.add(p);
  }

  /** AddOffsetsToTxn: the group's offsets will be committed with the transaction. */
  addOffsets(txn: TxnMetadata, groupId: string): void {
    this.begin(txn);
    txn.groups.add(groupId);
  }

  /** TxnOffsetCommit: hold offsets until the transaction ends. */
  stageOffsets(txn: TxnMetadata, groupId: string, offsets: readonly TxnOffset[]): number {
    if (txn.status !== 'Ongoing') return ErrorCode.INVALID_TXN_STATE;
    txn.groups.add(groupId);
    this.hooks().stageTxnOffsets(groupId, txn.producerId, offsets);
    return ErrorCode.NONE;
  }

  /** EndTxn: markers on every partition, then offsets applied or dropped. */
  endTxn(txn: TxnMetadata, commit: boolean): number {
    if (txn.status === 'Ongoing') {
      this.complete(txn, commit);
      return ErrorCode.NONE;
    }
    // A retried EndTxn whose first attempt completed gets the same answer again.
    if (txn.status === (commit ? 'CompleteCommit' : 'CompleteAbort')) return ErrorCode.NONE;
    return ErrorCode.INVALID_TXN_STATE;
  }

  private complete(txn: TxnMetadata, commit: boolean): void {
    const now = this.cluster.now();
    for (const p of txn.partitions) p.appendMarker(txn.producerId, txn.epoch, commit, now);
    if (commit) this.hooks().commitTxnOffsets(txn.producerId);
    else this.hooks().abortTxnOffsets(txn.producerId);
    txn.status = commit ? 'CompleteCommit' : 'CompleteAbort';
    txn.partitions.clear();
    txn.groups.clear();
  }

  /**
   * Why a produced batch is refused, or undefined: a transactional batch needs the
   * partition added to an Ongoing transaction at the current epoch; a producer with an
   * open transaction may not send non-transactional batches.
   */
  checkProduce(
    producerId: bigint,
    epoch: number,
    partition: PartitionLog,
    transactional: boolean,
  ): { code: number; reason: string } | undefined {
    const txn = this.byProducer.get(producerId);
    if (!transactional) {
      return txn?.status === 'Ongoing'
        ? {
            code: ErrorCode.INVALID_TXN_STATE,
            reason: 'non-transactional batch inside a transaction',
          }
        : undefined;
    }
    if (txn === undefined) {
      return {
        code: ErrorCode.INVALID_TXN_STATE,
        reason: `producer ${producerId} has no transaction`,
      };
    }
    if (epoch !== txn.epoch) {
      return {
        code: ErrorCode.INVALID_PRODUCER_EPOCH,
        reason: `epoch ${epoch} is fenced by epoch ${txn.epoch}`,
      };
    }
    if (txn.status !== 'Ongoing' || !txn.partitions.has(partition)) {
      return {
        code: ErrorCode.INVALID_TXN_STATE,
        reason: `${partition.label} was not added to the transaction of '${txn.transactionalId}'`,
      };
    }
    return undefined;
  }

  /** Partitions deleted with their topic leave every transaction. */
  forgetPartitions(partitions: readonly PartitionLog[]): void {
    for (const txn of this.byId.values()) for (const p of partitions) txn.partitions.delete(p);
  }

  /** Aborts transactions that outlived their timeout and fences their producers. */
  private expire(): void {
    this.timer = undefined;
    const now = this.cluster.now();
    for (const txn of this.byId.values()) {
      if (txn.status === 'Ongoing' && now - txn.startedAt >= txn.timeoutMs) {
        this.complete(txn, false);
        this.byProducer.delete(txn.producerId);
        this.bumpEpoch(txn);
        this.byProducer.set(txn.producerId, txn);
      }
    }
    this.scheduleTimeouts();
  }

  private scheduleTimeouts(): void {
    if (this.timer !== undefined || this.cluster.stopped.aborted) return;
    let next = Infinity;
    for (const txn of this.byId.values()) {
      if (txn.status === 'Ongoing') next = Math.min(next, txn.startedAt + txn.timeoutMs);
    }
    if (next === Infinity) return;
    this.timer = setTimeout(
      () => {
        this.expire();
      },
      Math.max(0, next - this.cluster.now()),
    );
    // A forgotten transaction must not keep a test process alive.
    this.timer.unref();
  }

  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
