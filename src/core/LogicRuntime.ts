import type { Connection } from './Connection.js';
import type { GraphInterpreter } from './GraphInterpreter.js';
import type { GraphStageLogic } from './GraphStageLogic.js';

/**
 * @internal The interpreter's bookkeeping for one logic, kept apart from the logic on purpose:
 * every logic is an instance of a different class, so V8 sees many hidden classes where the
 * interpreter reads a logic's fields and its property caches go megamorphic. This one class keeps
 * the hot reads (liveness, the connections) monomorphic.
 */
export class LogicRuntime {
  inConns: Connection[] = [];
  outConns: Connection[] = [];
  interpreter: GraphInterpreter | undefined = undefined;
  /** Ports not yet closed; the logic stops when this reaches 0 without keep-going. */
  openPorts: number;
  stopped = false;
  started = false;
  keepGoing = false;
  /**
   * The logic takes a push on its inlet at once, from inside the pusher's handler: it is a fused
   * chain ending in a sink (no outlet), whose `onPush` runs steps and pulls again, and never calls
   * another stage's handler.
   */
  takesPushAtOnce = false;
  /**
   * The logic answers a pull on its outlet at once, from inside the puller's handler: it is a fused
   * chain starting with a source (no inlet), whose `onPull` runs steps and pushes, and never calls
   * another stage's handler.
   */
  answersPullAtOnce = false;
  constructor(
    readonly logic: GraphStageLogic,
    ports: number,
  ) {
    this.openPorts = ports;
  }
}
