import { BoundaryIn, BoundaryOut } from './asyncBoundary.js';
import type { Blueprint } from './Blueprint.js';
import { Connection } from './Connection.js';
import { GraphBuildError } from './errors.js';
import { GraphInterpreter } from './GraphInterpreter.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Inlet } from './Inlet.js';
import type { Materializer } from './Materializer.js';
import type { Outlet } from './Outlet.js';

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
  const logics: GraphStageLogic[] = [];
  const mats: unknown[] = [];
  blueprint.stages.forEach((entry, i) => {
    const [logic, mat] = entry.stage.createLogicAndMaterializedValue(entry.attributes);
    logic.attributes = entry.attributes;
    logic.label = `${entry.attributes.get('name', 'stage')}#${i + 1}`;
    islandOf(entry.island).add(logic);
    logics.push(logic);
    mats.push(mat);
  });
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
    const inlet = toLogic.shape.inlets[edge.to.port] as Inlet<unknown>;
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
      islandOf(fromEntry.island).add(up);
      islandOf(toEntry.island).add(down);
      connect(connectionId++, fromLogic, outlet, up, up.shape.inlets[0] as Inlet<unknown>);
      connect(connectionId++, down, down.shape.outlets[0] as Outlet<unknown>, toLogic, inlet);
    }
  }
  for (const logic of logics) {
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
  for (const interpreter of islands.values()) interpreter.start();
  return mat;
}

function connect(
  id: number,
  outLogic: GraphStageLogic,
  outlet: Outlet<unknown>,
  inLogic: GraphStageLogic,
  inlet: Inlet<unknown>,
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
