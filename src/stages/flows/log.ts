import { inspect } from 'node:util';
import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/** Where `log` writes: anything with `debug` and `error`, such as `console` or a pino logger. */
export interface StreamLogger {
  debug(message: string): void;
  error(message: string): void;
}

/** Options of {@link log}. */
export interface LogOptions<T> {
  /** What to log of each element (default: the element itself). */
  readonly extract?: (element: T) => unknown;
  /** Where to log (default: `console`). */
  readonly logger?: StreamLogger;
}

/**
 * Passes every element unchanged and logs it, and logs completion, failure and cancellation,
 * prefixed with `[name]`. Elements, completion and cancellation go to `debug`, failures to `error`.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `name` is not a string or `extract` is not a function.
 * @see wireTap
 */
export function log<T>(name: string, options: LogOptions<T> = {}): Flow<T, T, NotUsed> {
  if (typeof name !== 'string')
    throw new TypeError(`log: name must be a string, got ${typeof name}`);
  if (options.extract !== undefined) requireFunction('log', 'extract', options.extract);
  return Flow.fromGraph(new Log(name, options.extract, options.logger ?? console));
}

class Log<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('log.in'), new Outlet<T>('log.out'));
  constructor(
    readonly name: string,
    readonly extract: ((element: T) => unknown) | undefined,
    readonly logger: StreamLogger,
  ) {
    super('log');
  }
  createLogic(): GraphStageLogic {
    return new LogLogic(this);
  }
}

class LogLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  constructor(private readonly stage: Log<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const { extract, logger, name } = this.stage;
    logger.debug(
      `[${name}] element: ${inspect(extract === undefined ? element : extract(element))}`,
    );
    this.push(this.out, element);
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    this.stage.logger.debug(`[${this.stage.name}] upstream finished`);
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.stage.logger.error(`[${this.stage.name}] upstream failed: ${inspect(error)}`);
    this.failStage(error);
  }
  onDownstreamFinish(cause: unknown): void {
    this.stage.logger.debug(`[${this.stage.name}] downstream cancelled`);
    this.cancelStage(cause);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Logs elements, completion and failure; see {@link log}. */
    log(name: string, options?: LogOptions<Out>): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('log', log);
