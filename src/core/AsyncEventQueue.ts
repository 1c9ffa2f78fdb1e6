import type { Feedback } from './AsyncCallback.js';
import type { GraphStageLogic } from './GraphStageLogic.js';

/**
 * @internal The FIFO of async-callback and timer events waiting for an interpreter: a growable
 * ring over parallel arrays, so an event from a sub-stream or a promise allocates nothing (every
 * element crossing a sub-stream boundary is one of these events).
 */
export class AsyncEventQueue {
  private logics: (GraphStageLogic | undefined)[] = new Array<GraphStageLogic | undefined>(16).fill(
    undefined,
  );
  private handlers: (((value: unknown) => void) | undefined)[] = new Array<
    ((value: unknown) => void) | undefined
  >(16).fill(undefined);
  private values: unknown[] = new Array<unknown>(16).fill(undefined);
  private feedbacks: (Feedback | undefined)[] = new Array<Feedback | undefined>(16).fill(undefined);
  private head = 0;
  private count = 0;

  get isEmpty(): boolean {
    return this.count === 0;
  }

  push(
    logic: GraphStageLogic,
    handler: (value: unknown) => void,
    value: unknown,
    feedback: Feedback | undefined,
  ): void {
    if (this.count === this.logics.length) this.grow();
    const i = (this.head + this.count) & (this.logics.length - 1);
    this.logics[i] = logic;
    this.handlers[i] = handler;
    this.values[i] = value;
    this.feedbacks[i] = feedback;
    this.count++;
  }

  /** The head event's parts; read them, then `drop()` before running the event. */
  get logic(): GraphStageLogic {
    return this.logics[this.head] as GraphStageLogic; // non-null: callers check isEmpty first
  }
  get handler(): (value: unknown) => void {
    return this.handlers[this.head] as (value: unknown) => void; // non-null: as above
  }
  get value(): unknown {
    return this.values[this.head];
  }
  get feedback(): Feedback | undefined {
    return this.feedbacks[this.head];
  }

  drop(): void {
    const i = this.head;
    this.logics[i] = undefined;
    this.handlers[i] = undefined;
    this.values[i] = undefined;
    this.feedbacks[i] = undefined;
    this.head = (i + 1) & (this.logics.length - 1);
    this.count--;
  }

  private grow(): void {
    const size = this.logics.length;
    const order = (i: number): number => (this.head + i) & (size - 1);
    const copy = <T>(from: T[]): T[] => {
      const to = new Array<T>(size * 2);
      for (let i = 0; i < size; i++) to[i] = from[order(i)] as T;
      return to.fill(undefined as T, size);
    };
    this.logics = copy(this.logics);
    this.handlers = copy(this.handlers);
    this.values = copy(this.values);
    this.feedbacks = copy(this.feedbacks);
    this.head = 0;
  }
}
