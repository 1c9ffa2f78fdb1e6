import { type Connection, InClosed, InFailed, OutClosed } from './Connection.js';

// How a completion, failure or cancel that reached the far end of a connection is handed to the
// logic there: the interpreter delivers them, and so does a hosted stage's step (HostedStep.ts).

/**
 * Delivers the completion or failure of `c`'s upstream to its inlet side; `s` is the connection's
 * state with `OutClosed` (and `InFailed`, the cause in `c.cause`) set and the inlet still open.
 */
export function deliverUpstreamEnd(c: Connection, s: number): void {
  c.state = s | InClosed;
  c.inRt.openPorts--;
  const handler = c.inHandler;
  if ((s & InFailed) !== 0) {
    if (handler.onUpstreamFailure !== undefined) handler.onUpstreamFailure(c.cause);
    else c.inOwner.failStage(c.cause);
  } else if (handler.onUpstreamFinish !== undefined) handler.onUpstreamFinish();
  else c.inOwner.completeStage();
}

/**
 * Delivers the cancel of `c`'s downstream to its outlet side; `s` is the connection's state with
 * `InClosed` set (the cause in `c.cause`) and the outlet still open.
 */
export function deliverCancel(c: Connection, s: number): void {
  c.state = s | OutClosed;
  c.outRt.openPorts--;
  const handler = c.outHandler;
  if (handler.onDownstreamFinish !== undefined) handler.onDownstreamFinish(c.cause);
  else c.outOwner.cancelStage(c.cause);
}
