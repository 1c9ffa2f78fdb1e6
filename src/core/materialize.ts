import { BoundaryIn, BoundaryOut } from './asyncBoundary.js';
import type { Blueprint, Edge, StageEntry } from './Blueprint.js';
import { Connection } from './Connection.js';
import { GraphBuildError } from './errors.js';
import { FusableFlow } from './FusableFlow.js';
import { FusableSink } from './FusableSink.js';
import { FusableSource } from './FusableSource.js';
import { FusedLogic } from './FusedLogic.js';
import { GraphInterpreter } from './GraphInterpreter.js';
import { HostedFlow } from './HostedStep.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Inlet } from './Inlet.js';
import type { Materializer } from './Materializer.js';
import { NotUsed } from './NotUsed.js';
import type { Outlet } from './Outlet.js';
import type { ChainFlow } from './wireChain.js';
import { ClosedShape, FlowShape, type Shape, SinkShape, SourceShape } from './Shape.js';
import { hostFor, joinIsland } from './subFusing.js';

const DefaultBoundaryBuffer = 16;

/** @internal Builds the logics and islands of a closed blueprint, starts them, returns the mat value. */
export function materialize(blueprint: Blueprint, materializer: Materializer): unknown {
  if (blueprint.ins.length > 0 || blueprint.outs.length > 0) {
    const open = [
      ...blueprint.ins.map((r) => describe(blueprint, r.node, 'in', r.port)),
      ...blueprint.outs.map((r) => describe(blueprint, r.node, 'out', r.port)),
    ];
    throw new GraphBuildError(`cannot run a graph with unconnected ports: ${open.join(', ')}`);
  }
  const islands = new Map<number, GraphInterpreter>();
  const islandOf = (id: number): GraphInterpreter => {
    let interpreter = islands.get(id);
    if (interpreter === undefined) {
      interpreter = new GraphInterpreter(
        materializer,
        materializer.eventsPerYield,
        materializer.release,
      );
      islands.set(id, interpreter);
    }
    return interpreter;
  };
  // A sub-stream's island joins the interpreter of the stage owning its sub-port (subFusing.ts);
  // its logics are added and started there once the graph is wired.
  const hosts = new Map<number, GraphInterpreter>();
  const joining = new Map<number, GraphStageLogic[]>();
  const place = (island: number, logic: GraphStageLogic): void => {
    const joined = joining.get(island);
    if (joined !== undefined) joined.push(logic);
    else islandOf(island).add(logic);
  };
  const logics: GraphStageLogic[] = [];
  const mats: unknown[] = [];
  const chains = findChains(blueprint, materializer.hostClassicStages);
  const labelOf = (i: number): string =>
    `${(blueprint.stages[i] as StageEntry).attributes.get('name', 'stage')}#${i + 1}`; // non-null: i indexes stages
  /** Island and logic, in turn, of every logic built, in stage order. */
  const created: (number | GraphStageLogic)[] = [];
  blueprint.stages.forEach((entry, i) => {
    const chain = chains.chainOf[i];
    if (chain !== undefined) {
      if (chain[0] !== i) return; // the chain's logic is built at its first stage
      // A hosted stage's logic is its own, made here so its materialized value is kept, and started
      // ahead of the chain's, whose first drive calls into it.
      const hosted = new Map<number, GraphStageLogic>();
      for (const node of chain) {
        const stageEntry = blueprint.stages[node] as StageEntry; // non-null: chain nodes index stages
        if (chains.hosted[node] !== true) continue;
        const [inner, mat] = stageEntry.stage.createLogicAndMaterializedValue(
          stageEntry.attributes,
        );
        inner.attributes = stageEntry.attributes;
        inner.label = labelOf(node);
        created.push(stageEntry.island, inner);
        hosted.set(node, inner);
        mats[node] = mat;
      }
      const logic = fuseChain(blueprint, chain, chain.map(labelOf), hosted);
      logic.label = chain.map(labelOf).join('+');
      const last = blueprint.stages[chain[chain.length - 1] as number] as StageEntry; // non-null: chains are non-empty
      logic.attributes = last.attributes;
      created.push(entry.island, logic);
      for (const node of chain) {
        logics[node] = logic;
        if (hosted.has(node)) continue;
        mats[node] = blueprint.stages[node]?.stage instanceof FusableSink ? logic.sinkMat : NotUsed;
      }
      return;
    }
    const [logic, mat] = entry.stage.createLogicAndMaterializedValue(entry.attributes);
    logic.attributes = entry.attributes;
    logic.label = labelOf(i);
    created.push(entry.island, logic);
    logics[i] = logic;
    mats[i] = mat;
  });
  for (let i = 0; i < created.length; i += 2) {
    const island = created[i] as number;
    const host = hostFor(created[i + 1] as GraphStageLogic, materializer);
    if (host !== undefined && !hosts.has(island)) {
      hosts.set(island, host);
      joining.set(island, []);
    }
  }
  for (let i = 0; i < created.length; i += 2) {
    place(created[i] as number, created[i + 1] as GraphStageLogic);
  }
  let connectionId = 0;
  for (const edge of blueprint.edges) {
    const fromEntry = blueprint.stages[edge.from.node];
    const toEntry = blueprint.stages[edge.to.node];
    const fromLogic = logics[edge.from.node];
    const toLogic = logics[edge.to.node];
    if (
      fromEntry === undefined ||
      toEntry === undefined ||
      fromLogic === undefined ||
      toLogic === undefined
    ) {
      throw new GraphBuildError('cannot materialize: an edge refers to a missing stage');
    }
    const outlet = fromLogic.shape.outlets[edge.from.port] as Outlet<unknown>;
    const inlet = toLogic.shape.inlets[edge.to.port] as Inlet<never>;
    if (chains.internal.has(edge)) continue;
    if (fromEntry.island === toEntry.island) {
      connect(connectionId++, fromLogic, outlet, toLogic, inlet);
    } else {
      const max = toEntry.attributes.get('inputBuffer')?.max ?? DefaultBoundaryBuffer;
      const name = `async(${outlet.name})`;
      const up = new BoundaryOut(name);
      const down = new BoundaryIn(name, max);
      up.peer = down;
      down.peer = up;
      up.label = `${name}.out`;
      down.label = `${name}.in`;
      place(fromEntry.island, up);
      place(toEntry.island, down);
      connect(connectionId++, fromLogic, outlet, up, up.shape.inlets[0] as Inlet<never>);
      connect(connectionId++, down, down.shape.outlets[0] as Outlet<unknown>, toLogic, inlet);
    }
  }
  for (const logic of new Set(logics)) {
    logic.shape.inlets.forEach((inlet, i) => {
      if (logic.rt.inConns[i] === undefined) {
        throw new GraphBuildError(`${logic.label}: port '${inlet.name}' is not connected`);
      }
    });
    logic.shape.outlets.forEach((outlet, i) => {
      if (logic.rt.outConns[i] === undefined) {
        throw new GraphBuildError(`${logic.label}: port '${outlet.name}' is not connected`);
      }
    });
  }
  const mat = blueprint.mat(mats, 0);
  for (const interpreter of islands.values()) materializer.register(interpreter);
  for (const [island, joined] of joining) joinIsland(hosts.get(island) as GraphInterpreter, joined); // non-null: set together
  for (const interpreter of islands.values()) interpreter.start();
  return mat;
}

function connect(
  id: number,
  outLogic: GraphStageLogic,
  outlet: Outlet<unknown>,
  inLogic: GraphStageLogic,
  inlet: Inlet<never>,
): void {
  if (outLogic.rt.outConns[outlet.id] !== undefined) {
    throw new GraphBuildError(`${outLogic.label}: port '${outlet.name}' is connected twice`);
  }
  if (inLogic.rt.inConns[inlet.id] !== undefined) {
    throw new GraphBuildError(`${inLogic.label}: port '${inlet.name}' is connected twice`);
  }
  const outHandler = outLogic.outHandlers[outlet.id];
  const inHandler = inLogic.inHandlers[inlet.id];
  if (outHandler === undefined) {
    throw new GraphBuildError(
      `${outLogic.label}: port '${outlet.name}' has no handler; call setHandler in the logic's constructor`,
    );
  }
  if (inHandler === undefined) {
    throw new GraphBuildError(
      `${inLogic.label}: port '${inlet.name}' has no handler; call setHandler in the logic's constructor`,
    );
  }
  const c = new Connection(id, inLogic, inlet, inHandler, outLogic, outlet, outHandler);
  outLogic.rt.outConns[outlet.id] = c;
  inLogic.rt.inConns[inlet.id] = c;
}

function describe(blueprint: Blueprint, node: number, side: 'in' | 'out', port: number): string {
  const entry = blueprint.stages[node];
  if (entry === undefined) return `?#${node + 1}`;
  const shape = entry.stage.shape;
  const p = side === 'in' ? shape.inlets[port] : shape.outlets[port];
  return `port '${p?.name ?? '?'}' of stage '${entry.attributes.get('name', 'stage')}#${node + 1}'`;
}

interface Chains {
  /** For each stage in a chain of two or more fusable stages: the chain's nodes, upstream first. */
  readonly chainOf: (readonly number[] | undefined)[];
  /** The edges inside chains: they become plain calls between steps, not connections. */
  readonly internal: Set<Edge>;
  /** For each stage: true when it is a classic stage hosted in its chain (`HostedStep.ts`). */
  readonly hosted: readonly boolean[];
}

/**
 * Finds the runs of fusable stages linked outlet to inlet in one island: a `FusableSource` or
 * `FusableFlow` feeding a `FusableFlow` or `FusableSink`. This is the only place the materializer
 * looks at a stage's class, and it looks for the public base classes any stage can extend.
 *
 * With `host`, a classic one-in, one-out stage joins the run it sits in, when that run goes from a
 * `FusableSource` to a `FusableSink`: with no port of its own, the chain drives the whole stream, so
 * the hosted stage is always called from inside the chain's own loop.
 */
function findChains(blueprint: Blueprint, host: boolean): Chains {
  const hosted = blueprint.stages.map((entry) => host && isHostable(entry));
  const first = linkChains(blueprint, hosted);
  if (!hosted.includes(true)) return first;
  let dropped = false;
  for (const chain of new Set(first.chainOf)) {
    if (!chain?.some((node) => hosted[node])) continue;
    const head = (blueprint.stages[chain[0] as number] as StageEntry).stage; // non-null: chains are non-empty
    const last = (blueprint.stages[chain[chain.length - 1] as number] as StageEntry).stage;
    if (head instanceof FusableSource && last instanceof FusableSink) continue;
    for (const node of chain) hosted[node] = false;
    dropped = true;
  }
  for (let i = 0; i < hosted.length; i++) if (first.chainOf[i] === undefined) hosted[i] = false;
  // Dropping a stage only splits runs it was in: a run with a hosted stage is unchanged.
  return dropped ? linkChains(blueprint, hosted) : first;
}

/** A classic stage with one inlet and one outlet: the materializer may host it in a chain. */
function isHostable(entry: StageEntry): boolean {
  const stage = entry.stage;
  if (
    stage instanceof FusableFlow ||
    stage instanceof FusableSource ||
    stage instanceof FusableSink
  )
    return false;
  return stage.shape.inlets.length === 1 && stage.shape.outlets.length === 1;
}

function linkChains(blueprint: Blueprint, hosted: readonly boolean[]): Chains {
  const n = blueprint.stages.length;
  const next = new Array<number>(n).fill(-1);
  const prev = new Array<number>(n).fill(-1);
  const linkEdge = new Array<Edge | undefined>(n).fill(undefined);
  for (const edge of blueprint.edges) {
    const a = edge.from.node;
    const b = edge.to.node;
    const from = blueprint.stages[a];
    const to = blueprint.stages[b];
    if (from === undefined || to === undefined || a === b || from.island !== to.island) continue;
    const feeds =
      from.stage instanceof FusableFlow ||
      from.stage instanceof FusableSource ||
      hosted[a] === true;
    const takes =
      to.stage instanceof FusableFlow || to.stage instanceof FusableSink || hosted[b] === true;
    if (feeds && takes) {
      next[a] = b;
      prev[b] = a;
      linkEdge[a] = edge;
    }
  }
  const chainOf: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(
    n,
  ).fill(undefined);
  const internal = new Set<Edge>();
  for (let start = 0; start < n; start++) {
    // A chain starts where nothing fusable feeds it; a ring of flows with no start stays unfused.
    if (prev[start] !== -1 || next[start] === -1) continue;
    const chain = [start];
    for (let node = start; next[node] !== -1;) {
      internal.add(linkEdge[node] as Edge); // non-null: set together with next
      node = next[node] as number; // non-null: index in range
      chain.push(node);
    }
    for (const node of chain) chainOf[node] = chain;
  }
  return { chainOf, internal, hosted };
}

/** Builds the one logic of a chain; its shape is the chain's open ends. */
function fuseChain(
  blueprint: Blueprint,
  chain: readonly number[],
  labels: string[],
  hosted: ReadonlyMap<number, GraphStageLogic>,
): FusedLogic {
  const entries = chain.map((node) => blueprint.stages[node] as StageEntry); // non-null: chain nodes index stages
  const first = (entries[0] as StageEntry).stage; // non-null: chains have two or more stages
  const last = (entries[entries.length - 1] as StageEntry).stage;
  const source = first instanceof FusableSource ? (first as FusableSource<unknown>) : undefined;
  const sink = last instanceof FusableSink ? (last as FusableSink<unknown, unknown>) : undefined;
  const flows: ChainFlow[] = [];
  const end = sink === undefined ? entries.length : entries.length - 1;
  for (let i = source === undefined ? 0 : 1; i < end; i++) {
    const stage = (entries[i] as StageEntry).stage; // non-null: i < entries.length
    const logic = hosted.get(chain[i] as number); // non-null: i < chain.length
    if (logic !== undefined) {
      // Hosted stages sit between two stages of the chain, each with one port on that side.
      const up = (entries[i - 1] as StageEntry).stage.shape.outlets[0] as Outlet<unknown>;
      const down = (entries[i + 1] as StageEntry).stage.shape.inlets[0] as Inlet<never>;
      flows.push(new HostedFlow(logic, i, up, down));
    } else if (stage instanceof FusableFlow) flows.push(stage as FusableFlow<unknown, unknown>);
  }
  const inlet = source === undefined ? first.shape.inlets[0] : undefined;
  const outlet = sink === undefined ? last.shape.outlets[0] : undefined;
  let shape: Shape;
  if (inlet !== undefined && outlet !== undefined) shape = new FlowShape(inlet, outlet);
  else if (outlet !== undefined) shape = new SourceShape(outlet);
  else if (inlet !== undefined) shape = new SinkShape(inlet);
  else shape = ClosedShape.instance;
  return new FusedLogic(
    shape,
    source,
    flows,
    sink,
    entries.map((e) => e.attributes),
    labels,
  );
}
