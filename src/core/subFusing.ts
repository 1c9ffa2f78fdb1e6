import type { GraphInterpreter } from './GraphInterpreter.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Materializer } from './Materializer.js';

/*
 * Sub-fusing, after Pekko's `SubFusingActorMaterializerImpl`: a sub-stream materialized for a
 * `SubSinkInlet` or `SubSourceOutlet` runs the island holding that port's far end in the owner's
 * interpreter instead of one of its own (`materialize` decides, `joinIsland` starts it). The
 * sub-stream's stages then chase their signals in the owner's loop, share its yield budget and are
 * stopped by its shutdown, and a signal across the sub-port is a plain call (`callFor`) instead of
 * an async event into another interpreter and back.
 */

/** The far end of each sub-port (the sub-stream's logic), to the stage owning the port. */
const owners = new WeakMap<GraphStageLogic, GraphStageLogic>();

/** @internal Records that `farEnd` is the sub-stream's end of a sub-port owned by `owner`. */
export function setSubPortOwner(farEnd: GraphStageLogic, owner: GraphStageLogic): void {
  owners.set(farEnd, owner);
}

/**
 * @internal The interpreter `logic`'s island should join: its sub-port owner's, if `logic` is the
 * far end of a sub-port whose owner still runs on `materializer` (another materializer has its own
 * clock and shutdown, so its sub-streams keep interpreters of their own).
 */
export function hostFor(
  logic: GraphStageLogic,
  materializer: Materializer,
): GraphInterpreter | undefined {
  const owner = owners.get(logic);
  const host = owner?.rt.interpreter;
  if (owner === undefined || host === undefined || owner.rt.stopped) return undefined;
  return host.materializer === materializer && !host.isFinished ? host : undefined;
}

/** Where each host's logic list was last compacted, so compaction stays amortized O(1). */
const compactedAt = new WeakMap<GraphInterpreter, number>();

/**
 * @internal Adds a sub-stream's logics to the running `host` and starts them, maybe inside one of
 * its handlers. Stopped logics leave the host's list first once it has doubled, so a stream that
 * opens sub-streams without end keeps a list as long as its live stages, not its history.
 */
export function joinIsland(host: GraphInterpreter, logics: readonly GraphStageLogic[]): void {
  const all = host.logics;
  if (all.length >= 2 * (compactedAt.get(host) ?? 0) + 64) {
    let live = 0;
    for (const logic of all) if (!logic.rt.stopped) all[live++] = logic;
    all.length = live;
    compactedAt.set(host, live);
  }
  for (const logic of logics) host.add(logic);
  host.start(logics);
}

/**
 * @internal Runs `handler(value)` as a handler of `logic`: at once when a handler of its
 * interpreter is running (the caller is a stage of the same island across a sub-port), else as an
 * async event. As for any handler, a throw fails `logic`, and `logic` stops if its last port closed.
 */
export function callFor(
  logic: GraphStageLogic,
  handler: (value: unknown) => void,
  value: unknown,
): void {
  const rt = logic.rt;
  const host = rt.interpreter as GraphInterpreter; // non-null: sub-ports call across only once both ends started
  if (!host.running) {
    host.dispatchAsync(logic, handler, value, undefined);
    return;
  }
  if (rt.stopped) return;
  try {
    handler(value);
  } catch (error) {
    host.handlerFailed(logic, error);
  }
  host.afterRun(rt);
}

/**
 * @internal Removes a closed sub-port's stop hook from its owner, so a stage that opens sub-ports
 * without end (groupBy, flatMapMerge) holds hooks for its open ports only, not a closure (and
 * through it a whole finished sub-stream) per port it ever opened.
 */
export function removeStopHook(owner: GraphStageLogic, hook: () => void): void {
  const hooks = owner.stopHooks;
  if (hooks === undefined) return; // the owner is stopping: its hooks are running
  const i = hooks.lastIndexOf(hook);
  if (i >= 0) hooks.splice(i, 1);
}
