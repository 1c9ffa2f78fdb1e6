import {
  type AsyncCallback,
  Attributes,
  Flow,
  FlowShape,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  Outlet,
  type OutHandler,
} from '../../core/index.js';

/** What a kill switch asks its stages to do: complete, or fail with the error. */
type Kill = { readonly kind: 'shutdown' } | { readonly kind: 'abort'; readonly error: unknown };

const shutdownSignal: Kill = { kind: 'shutdown' };

/** Stops streams from outside: `shutdown()` completes them, `abort(error)` fails them. */
export interface KillSwitch {
  /** Completes downstream and cancels upstream at the switch. Only the first call counts. */
  shutdown(): void;
  /** Fails downstream with `error` and cancels upstream at the switch. Only the first call counts. */
  abort(error: unknown): void;
}

/**
 * The switch of one materialized `KillSwitches.single()` flow. It works on an endless stream: the
 * signal travels as an async callback, which the interpreter runs ahead of queued elements.
 */
export class UniqueKillSwitch implements KillSwitch {
  private fired = false;
  /** @internal */
  constructor(private readonly callback: AsyncCallback<Kill>) {}
  shutdown(): void {
    this.fire(shutdownSignal);
  }
  abort(error: unknown): void {
    this.fire({ kind: 'abort', error });
  }
  private fire(kill: Kill): void {
    if (this.fired) return;
    this.fired = true;
    this.callback.invoke(kill);
  }
}

/**
 * A switch made before materialization that controls every stream its `flow()` is part of,
 * including those materialized after it fired (they stop at once).
 */
export class SharedKillSwitch implements KillSwitch {
  private fired: Kill | undefined = undefined;
  private readonly callbacks = new Set<AsyncCallback<Kill>>();
  constructor(readonly name: string) {}

  /** A pass-through flow controlled by this switch; materializes to the switch itself. */
  flow<T>(): Flow<T, T, SharedKillSwitch> {
    return Flow.fromGraph(new KillSwitchStage<T, SharedKillSwitch>(this.name, this));
  }
  shutdown(): void {
    this.fire(shutdownSignal);
  }
  abort(error: unknown): void {
    this.fire({ kind: 'abort', error });
  }
  private fire(kill: Kill): void {
    if (this.fired !== undefined) return;
    this.fired = kill;
    for (const callback of this.callbacks) callback.invoke(kill);
    this.callbacks.clear();
  }
  /** @internal A stage of this switch started: it is told now if the switch already fired. */
  register(callback: AsyncCallback<Kill>): void {
    if (this.fired !== undefined) callback.invoke(this.fired);
    else this.callbacks.add(callback);
  }
  /** @internal */
  unregister(callback: AsyncCallback<Kill>): void {
    this.callbacks.delete(callback);
  }
}

class KillSwitchStage<T, M extends KillSwitch> extends GraphStageWithMaterializedValue<
  FlowShape<T, T>,
  M
> {
  readonly shape: FlowShape<T, T>;
  constructor(
    name: string,
    /** The shared switch, or undefined to make a unique one per materialization. */
    private readonly shared: SharedKillSwitch | undefined,
  ) {
    super(name, Attributes.none);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, M] {
    const logic = new KillSwitchLogic<T>(this.shape, this.shared);
    const mat = this.shared ?? new UniqueKillSwitch(logic.onKill);
    return [logic, mat as KillSwitch as M]; // M is the switch kind this stage was built for
  }
}

class KillSwitchLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  readonly onKill: AsyncCallback<Kill>;
  constructor(
    private readonly ports: FlowShape<T, T>,
    private readonly shared: SharedKillSwitch | undefined,
  ) {
    super(ports);
    this.setHandlers(ports.in, ports.out, this);
    this.onKill = this.getAsyncCallback((kill: Kill) => {
      if (kill.kind === 'shutdown') this.completeStage();
      else this.failStage(kill.error);
    });
  }
  override preStart(): void {
    this.shared?.register(this.onKill);
  }
  override postStop(): void {
    this.shared?.unregister(this.onKill);
  }
  onPush(): void {
    this.push(this.ports.out, this.grab(this.ports.in));
  }
  onPull(): void {
    this.pull(this.ports.in);
  }
}

/**
 * Kill switches: flows that stop the streams they are part of on request.
 * - Emits when: upstream pushes (elements pass unchanged).
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes, or the switch is shut down.
 * - Cancels when: downstream cancels, or the switch is shut down or aborted.
 *
 * @example
 * ```ts
 * const [killSwitch, done] = Source.repeat(1).viaMat(KillSwitches.single(), Keep.right)
 *   .toMat(Sink.ignore(), Keep.both).run();
 * killSwitch.shutdown();
 * ```
 */
export const KillSwitches = {
  /** A flow that materializes its own {@link UniqueKillSwitch}. */
  single<T>(): Flow<T, T, UniqueKillSwitch> {
    return Flow.fromGraph(new KillSwitchStage<T, UniqueKillSwitch>('killSwitch', undefined));
  },
  /** A switch for many streams: put `switch.flow()` into each; see {@link SharedKillSwitch}. */
  shared(name: string): SharedKillSwitch {
    return new SharedKillSwitch(name);
  },
} as const;
