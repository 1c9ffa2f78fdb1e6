import type { Evictor } from './evictor/Evictor.js';
import type { TimeWindow } from './TimeWindow.js';
import { StatelessTrigger } from './trigger/StatelessTrigger.js';
import type { Trigger } from './trigger/Trigger.js';
import type { WindowAssigner } from './WindowAssigner.js';

/** The one window of a key in global windows: all of time. */
export const globalWindow: TimeWindow = Object.freeze({
  start: Number.MIN_SAFE_INTEGER,
  end: Number.MAX_SAFE_INTEGER,
});

/** Global windows' default: fires only at completion, by the operator, never by itself. */
class NeverTrigger extends StatelessTrigger {
  readonly name = 'NeverTrigger';
}
const neverTrigger = new NeverTrigger();

/** @internal One window per key, fired only by its trigger (and at completion). */
export class GlobalWindowAssigner<T> implements WindowAssigner<T> {
  readonly isEventTime = false;
  readonly isMerging = false;
  readonly maxWindowsPerElement = 1;
  constructor(
    readonly name: string,
    readonly defaultTrigger: Trigger<T, unknown>,
    readonly defaultEvictor: Evictor<T> | undefined,
  ) {}
  assignWindows(_element: T, _timestamp: number, out: number[]): number {
    out[0] = globalWindow.start;
    out[1] = globalWindow.end;
    return 1;
  }
}

/**
 * One window per key holding all its elements, as Flink's `GlobalWindows`: it fires only when the
 * `trigger` option says so (its default trigger never fires), and once more at completion if it
 * holds elements not yet emitted. Its results report the window
 * `[Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)`.
 *
 * ```text
 * key a   a1 a2 a3 a4 a5 ...        one window per key, forever
 *         ^ trigger fires  ^ trigger fires
 * ```
 */
export const GlobalWindows = {
  create<T>(): WindowAssigner<T> {
    return new GlobalWindowAssigner<T>('GlobalWindows', neverTrigger, undefined);
  },
};
