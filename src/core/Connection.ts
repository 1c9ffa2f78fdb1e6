import type { GraphInterpreter } from './GraphInterpreter.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { InHandler, OutHandler } from './handlers.js';
import type { Inlet } from './Inlet.js';
import type { LogicRuntime } from './LogicRuntime.js';
import type { Outlet } from './Outlet.js';

// Port-state bits of a connection, after Pekko's GraphInterpreter. Both ends read and write the one
// integer, so a push or pull is a single xor with a "flip" mask on the hot path.
/** The inlet side is idle: it may pull, and an element it was pushed is waiting in `slot`. */
export const InReady = 1;
/** A pull is on its way to the outlet side. */
export const Pulling = 2;
/** A push is on its way to the inlet side. */
export const Pushing = 4;
/** The outlet side was pulled and may push. */
export const OutReady = 8;
/** The inlet side is closed (it cancelled, or completion reached it). */
export const InClosed = 16;
/** The outlet side is closed (it completed or failed, or a cancel reached it). */
export const OutClosed = 32;
/** The outlet side closed with a failure, held in `cause`. */
export const InFailed = 64;
export const PullStartFlip = InReady | Pulling;
export const PullEndFlip = Pulling | OutReady;
export const PushStartFlip = Pushing | OutReady;
export const PushEndFlip = InReady | Pushing;

/**
 * @internal The other end of a connection that is not delivered by the interpreter: a classic stage
 * hosted in a fused chain (`HostedStep.ts`) has its two connections delivered by the chain's step.
 * A push, pull, cancel or completion made on such a connection tells the host, which reads the
 * port state when the chain next drives it.
 */
export interface ConnectionHost {
  hostSignal(c: Connection): void;
}

/** Marks an empty `slot`: elements may be any value but `undefined`. */
export const Empty: unique symbol = Symbol('Empty');

/** One edge of a fused graph, shared by the logic that owns its outlet and the one that owns its inlet. */
export class Connection {
  state = InReady;
  slot: unknown = Empty;
  /** The failure of the outlet side, or the cause of the inlet side's cancel. */
  cause: unknown = undefined;
  /** The runtimes of both ends, read by the interpreter instead of the (polymorphic) logics. */
  readonly inRt: LogicRuntime;
  readonly outRt: LogicRuntime;
  /** A push is delivered from inside the pusher's handler: see {@link LogicRuntime.takesPushAtOnce}. */
  readonly pushAtOnce: boolean;
  /** A pull is delivered from inside the puller's handler: see {@link LogicRuntime.answersPullAtOnce}. */
  readonly pullAtOnce: boolean;
  /** Set for the ports of a hosted classic stage: signals go to the host, not the interpreter. */
  host: ConnectionHost | undefined = undefined;
  constructor(
    readonly id: number,
    readonly inOwner: GraphStageLogic,
    readonly inlet: Inlet<never>,
    public inHandler: InHandler,
    readonly outOwner: GraphStageLogic,
    readonly outlet: Outlet<unknown>,
    public outHandler: OutHandler,
  ) {
    this.inRt = inOwner.rt;
    this.outRt = outOwner.rt;
    // Between two such chains one would answer the other from inside its own handler, forever.
    const both = inOwner.rt.takesPushAtOnce && outOwner.rt.answersPullAtOnce;
    this.pushAtOnce = inOwner.rt.takesPushAtOnce && !both;
    // Only for a puller with one inlet: a fan-in's first input answered at once could complete
    // ahead of the element its next pull brings (a zip would lose its last pair).
    this.pullAtOnce = outOwner.rt.answersPullAtOnce && !both && inOwner.shape.inlets.length === 1;
  }
}

/**
 * @internal A pull on `c` from its inlet side, the port already checked to be the caller's: true
 * when it was made, or dropped because upstream completed and the signal has not arrived yet;
 * false when the pull breaks a port rule (the caller throws the error).
 */
export function pullOn(c: Connection): boolean {
  const s = c.state;
  if ((s & (InReady | InClosed | OutClosed)) === InReady) {
    c.state = s ^ PullStartFlip;
    const host = c.host;
    // Through the connection, not the logic: logics are many classes, so a read of a logic's
    // field is a megamorphic load, and the hot path makes one.
    if (host === undefined) (c.inRt.interpreter as GraphInterpreter).pull(c);
    else host.hostSignal(c);
    return true;
  }
  return (s & (InReady | InClosed | OutClosed)) === (InReady | OutClosed);
}

/**
 * @internal A push of `element` on `c` from its outlet side, the port already checked to be the
 * caller's: true when it was made, or dropped because downstream cancelled and the signal has not
 * arrived yet; false when the push breaks a port rule (the caller throws the error).
 */
export function pushOn(c: Connection, element: unknown): boolean {
  const s = c.state;
  if (element === undefined || element === null) return false;
  if ((s & (OutReady | OutClosed | InClosed)) === OutReady) {
    c.slot = element;
    c.state = s ^ PushStartFlip;
    const host = c.host;
    if (host === undefined) (c.outRt.interpreter as GraphInterpreter).push(c);
    else host.hostSignal(c);
    return true;
  }
  if ((s & (OutReady | OutClosed | InClosed)) === (OutReady | InClosed)) {
    c.state = s ^ PushStartFlip;
    return true;
  }
  return false;
}
