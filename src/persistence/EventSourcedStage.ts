import {
  type Attributes,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  Inlet,
  Outlet,
} from '../core/index.js';
import type { EntitySettings } from './EventSourcingSettings.js';
import { EventSourcedLogic } from './EventSourcedLogic.js';

/** @internal How a stage finds the entity of a request; `undefined` for the single-entity flow. */
export interface Keying<Request> {
  readonly key: (request: Request) => string;
  readonly persistenceIdOf: (key: string) => string;
  readonly passivateAfterMs: number;
  readonly maxEntities: number;
}

/** @internal The settings of an event-sourced stage, with every default filled in. */
export interface ResolvedSettings<Request, Event, State, Response> extends Required<
  Omit<EntitySettings<Request, Event, State, Response>, 'snapshotEvery' | 'tagger'>
> {
  readonly snapshotEvery: number | undefined;
  readonly tagger: ((event: Event) => readonly string[]) | undefined;
  /** The single entity's persistence id, or the keying of a keyed flow. */
  readonly persistenceId: string | undefined;
  readonly keying: Keying<Request> | undefined;
}

/** @internal The blueprint of `EventSourcing.flow` and `EventSourcing.keyedFlow`. */
export class EventSourcedStage<Request, Event, State, Response> extends GraphStage<
  FlowShape<Request, Response>
> {
  readonly shape: FlowShape<Request, Response>;
  constructor(
    readonly name: string,
    readonly settings: ResolvedSettings<Request, Event, State, Response>,
  ) {
    super(name);
    this.shape = new FlowShape(
      new Inlet<Request>(`${name}.in`),
      new Outlet<Response>(`${name}.out`),
    );
  }
  createLogic(_attributes: Attributes): GraphStageLogic {
    return new EventSourcedLogic(this);
  }
}
