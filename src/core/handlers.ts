/** Callbacks for an input port. `onPush` must be implemented; the rest default as documented. */
export interface InHandler {
  /** An element has arrived: `grab` it and/or `pull` again. */
  onPush(): void;
  /** Upstream completed. Default: `completeStage()`. */
  onUpstreamFinish?(): void;
  /** Upstream failed. Default: `failStage(error)`. */
  onUpstreamFailure?(error: unknown): void;
}

/** Callbacks for an output port. `onPull` must be implemented. */
export interface OutHandler {
  /** Downstream asks for one element: `push` is now allowed. */
  onPull(): void;
  /** Downstream cancelled; no `onPull` will follow. Default: `cancelStage(cause)`. */
  onDownstreamFinish?(cause: unknown): void;
}
