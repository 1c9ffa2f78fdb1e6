/** A stage used a port against the port-state rules (push without pull, grab with nothing there, ...). */
export class PortMisuseError extends Error {
  override readonly name = 'PortMisuseError';
  constructor(
    readonly stage: string,
    readonly port: string,
    message: string,
  ) {
    super(message);
  }
}

/** The stream stopped before an async callback's event could be handled. */
export class StreamDetachedError extends Error {
  override readonly name = 'StreamDetachedError';
}

/**
 * The stream stopped abruptly: the materializer was shut down while it ran, or a stage was stopped
 * before it could deliver what it promised (a sink's result, a sub-source's completion).
 */
export class AbruptTerminationError extends Error {
  override readonly name = 'AbruptTerminationError';
}

/** A graph could not be built or materialized (an unconnected port, a port connected twice, ...). */
export class GraphBuildError extends Error {
  override readonly name = 'GraphBuildError';
}

/** The cause a plain cancel carries: downstream needs no more elements. It is not a failure. */
export class NoMoreElementsNeeded extends Error {
  override readonly name = 'NoMoreElementsNeeded';
  static readonly instance = new NoMoreElementsNeeded('no more elements needed');
}

/** The cause a stage gets when its downstream completed or failed without an error of its own. */
export class SubscriptionWithCancelException extends Error {
  override readonly name = 'SubscriptionWithCancelException';
}

/** Whether a cancellation cause is a real error (and so fails the stage under the default strategy). */
export function isFailureCause(cause: unknown): boolean {
  return !(cause instanceof NoMoreElementsNeeded);
}
