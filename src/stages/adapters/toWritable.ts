import type { Writable } from 'node:stream';
import {
  AbruptTerminationError,
  type AsyncCallback,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  requireFunction,
  Sink,
  SinkShape,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSinkFactory } from '../fluent.js';

/**
 * Writes every element to a Node `Writable` made by `create` (once per materialization), honouring
 * its back-pressure: when `write` returns false, nothing more is pulled until `'drain'`.
 * Materializes to a promise that resolves once the Writable finished after upstream completed,
 * and rejects when either side fails (an upstream failure destroys the Writable).
 * - Backpressures when: the Writable's buffer is above its `highWaterMark`.
 * - Completes when: upstream completes (the Writable is ended).
 * - Cancels when: the Writable errors or closes early.
 * @throws TypeError if `create` is not a function.
 * @see Source.fromReadable
 */
export function toWritable<T>(create: () => Writable): Sink<T, Promise<void>> {
  requireFunction('Sink.toWritable', 'create', create);
  return Sink.fromGraph(new ToWritable<T>(create));
}

class ToWritable<T> extends GraphStageWithMaterializedValue<SinkShape<T>, Promise<void>> {
  readonly shape = new SinkShape(new Inlet<T>('toWritable.in'));
  constructor(readonly create: () => Writable) {
    super('toWritable');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<void>] {
    const done = new Deferred<void>();
    return [new ToWritableLogic(this, done), done.promise];
  }
}

type WritableEvent = 'drain' | 'finish' | { readonly error: unknown };

class ToWritableLogic<T> extends GraphStageLogic implements InHandler {
  private readonly in: Inlet<T>;
  private writable: Writable | undefined = undefined;
  private readonly onEvent: AsyncCallback<WritableEvent>;
  private readonly listeners: {
    drain: () => void;
    finish: () => void;
    error: (error: unknown) => void;
    close: () => void;
  };
  constructor(
    private readonly stage: ToWritable<T>,
    private readonly done: Deferred<void>,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.setHandler(this.in, this);
    this.onEvent = this.getAsyncCallback((event: WritableEvent) => {
      if (event === 'drain') this.tryPull(this.in);
      else if (event === 'finish') {
        this.done.resolve();
        this.completeStage();
      } else this.failStage(event.error);
    });
    this.listeners = {
      drain: () => {
        this.onEvent.invoke('drain');
      },
      finish: () => {
        this.onEvent.invoke('finish');
      },
      error: (error: unknown) => {
        this.onEvent.invoke({ error });
      },
      close: () => {
        // 'close' follows 'finish' on a normal end; only an early close is an error.
        if (this.writable?.writableFinished === true) return;
        this.onEvent.invoke({
          error: new Error(`${this.label}: the writable closed before the stream completed`),
        });
      },
    };
  }
  override preStart(): void {
    // Keep running after upstream completed, until the Writable reports 'finish'.
    this.setKeepGoing(true);
    const writable = this.stage.create();
    this.writable = writable;
    writable.on('drain', this.listeners.drain);
    writable.on('finish', this.listeners.finish);
    writable.on('error', this.listeners.error);
    writable.on('close', this.listeners.close);
    this.pull(this.in);
  }
  onPush(): void {
    const writable = this.writable as Writable; // set in preStart
    if (writable.write(this.grab(this.in))) this.pull(this.in);
  }
  onUpstreamFinish(): void {
    this.writable?.end();
  }
  onUpstreamFailure(error: unknown): void {
    this.failStage(error);
  }
  override failStage(error: unknown): void {
    this.done.reject(error);
    this.detach()?.destroy(error instanceof Error ? error : new Error(String(error)));
    super.failStage(error);
  }
  override postStop(): void {
    this.done.reject(
      new AbruptTerminationError(`${this.label}: the stream stopped before the writable finished`),
    );
    this.detach();
  }
  private detach(): Writable | undefined {
    const writable = this.writable;
    this.writable = undefined;
    if (writable === undefined) return undefined;
    writable.off('drain', this.listeners.drain);
    writable.off('finish', this.listeners.finish);
    writable.off('close', this.listeners.close);
    // Keep an error listener: a late 'error' from a destroyed stream must not crash the process.
    writable.off('error', this.listeners.error);
    writable.on('error', ignore);
    return writable;
  }
}

function ignore(): void {
  // Errors after the stream stopped have nowhere to go.
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** Writes into a Node Writable, honouring its back-pressure; see {@link toWritable}. */
    function toWritable<T>(create: () => Writable): Sink<T, Promise<void>>;
  }
}
addSinkFactory('toWritable', toWritable);
