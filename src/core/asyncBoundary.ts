import type { AsyncCallback } from './AsyncCallback.js';
import { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler, OutHandler } from './handlers.js';
import { Inlet } from './Inlet.js';
import { Outlet } from './Outlet.js';
import { RingBuffer } from './RingBuffer.js';
import { SinkShape, SourceShape } from './Shape.js';

/**
 * @internal The upstream half of an async boundary, in the upstream island: pulls while the
 * downstream half has granted credit and hands each element across through an async callback.
 */
export class BoundaryOut extends GraphStageLogic implements InHandler {
  private readonly in: Inlet<never>;
  private credit = 0;
  peer!: BoundaryIn; // set right after both halves are created
  readonly request: AsyncCallback<number>;
  readonly cancelFromDownstream: AsyncCallback<unknown>;

  constructor(name: string) {
    const shape = new SinkShape(new Inlet<never>(`${name}.in`));
    super(shape);
    this.in = shape.in;
    this.setHandler(this.in, this);
    this.request = this.getAsyncCallback((n: number) => {
      this.credit += n;
      this.tryPullIfCredit();
    });
    this.cancelFromDownstream = this.getAsyncCallback((cause: unknown) => {
      this.cancel(this.in, cause);
    });
  }

  private tryPullIfCredit(): void {
    if (this.credit > 0 && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) {
      this.pull(this.in);
    }
  }

  onPush(): void {
    this.credit--;
    this.peer.element.invoke(this.grab(this.in));
    this.tryPullIfCredit();
  }
  onUpstreamFinish(): void {
    this.peer.upstreamFinished.invoke(undefined);
  }
  onUpstreamFailure(error: unknown): void {
    this.peer.upstreamFailed.invoke(error);
  }
}

/**
 * @internal The downstream half of an async boundary: a buffer of at most `max` elements, refilled
 * by asking for half of it at a time.
 */
export class BoundaryIn extends GraphStageLogic implements OutHandler {
  private readonly out: Outlet<unknown>;
  private readonly buffer: RingBuffer<unknown>;
  private consumed = 0;
  private finished = false;
  private failure: unknown = undefined;
  private failed = false;
  peer!: BoundaryOut; // set right after both halves are created
  readonly element: AsyncCallback<unknown>;
  readonly upstreamFinished: AsyncCallback<undefined>;
  readonly upstreamFailed: AsyncCallback<unknown>;

  constructor(
    name: string,
    private readonly max: number,
  ) {
    const shape = new SourceShape(new Outlet<unknown>(`${name}.out`));
    super(shape);
    this.out = shape.out;
    this.buffer = new RingBuffer(max);
    this.setHandler(this.out, this);
    this.element = this.getAsyncCallback((element: unknown) => {
      if (this.isAvailable(this.out) && this.buffer.isEmpty) this.pushOne(element);
      else this.buffer.enqueue(element);
    });
    this.upstreamFinished = this.getAsyncCallback(() => {
      this.finished = true;
      if (this.buffer.isEmpty) this.completeStage();
    });
    this.upstreamFailed = this.getAsyncCallback((error: unknown) => {
      this.failed = true;
      this.failure = error;
      if (this.buffer.isEmpty) this.failStage(error);
    });
  }

  override preStart(): void {
    this.peer.request.invoke(this.max);
  }

  private pushOne(element: unknown): void {
    this.push(this.out, element);
    // Ask for more once half the buffer's worth went out, so the boundary moves in batches.
    if (++this.consumed >= Math.max(1, this.max >> 1) && !this.finished && !this.failed) {
      this.peer.request.invoke(this.consumed);
      this.consumed = 0;
    }
  }

  onPull(): void {
    if (!this.buffer.isEmpty) this.pushOne(this.buffer.dequeue());
    if (this.buffer.isEmpty) {
      if (this.failed) this.failStage(this.failure);
      else if (this.finished) this.completeStage();
    }
  }

  onDownstreamFinish(cause: unknown): void {
    this.peer.cancelFromDownstream.invoke(cause);
    this.completeStage();
  }
}
