import { type Connection, InClosed, OutClosed } from './Connection.js';
import { PortMisuseError } from './errors.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import { Inlet } from './Inlet.js';
import type { Outlet } from './Outlet.js';
import type { Shape } from './Shape.js';

// The port-rule errors of push and pull. They are built only on the failure path, so the checks
// in `GraphStageLogic.push` and `pull` stay a single bit test on the hot path.

/** @internal Why a pull on `inlet` was refused. */
export function pullError(
  logic: GraphStageLogic,
  inlet: Inlet<never>,
  c: Connection | undefined,
): PortMisuseError {
  const name = inlet.name;
  if (c?.inlet !== inlet && logic.rt.interpreter !== undefined)
    return foreignPortError(logic, inlet, 'pull');
  if (c === undefined)
    return logic.misuse(name, `cannot pull port '${name}': it is not connected`, 'pull');
  if ((c.state & InClosed) !== 0)
    return logic.misuse(name, `cannot pull port '${name}': it is closed`, 'pull');
  return logic.misuse(name, `cannot pull port '${name}': it is already pulled`, 'pull');
}

/** @internal Why a grab from `inlet` was refused. */
export function grabError(
  logic: GraphStageLogic,
  inlet: Inlet<never>,
  c: Connection | undefined,
): PortMisuseError {
  if (c?.inlet !== inlet && logic.rt.interpreter !== undefined)
    return foreignPortError(logic, inlet, 'grab from');
  return logic.misuse(
    inlet.name,
    `cannot grab from port '${inlet.name}': no element is waiting (grab twice, or grab outside onPush)`,
    'grab',
  );
}

/** @internal Why a push of `element` to `outlet` was refused. */
export function pushError(
  logic: GraphStageLogic,
  outlet: Outlet<unknown>,
  c: Connection | undefined,
  element: unknown,
): PortMisuseError {
  const name = outlet.name;
  if (c?.outlet !== outlet && logic.rt.interpreter !== undefined)
    return foreignPortError(logic, outlet, 'push to');
  if (c === undefined)
    return logic.misuse(name, `cannot push to port '${name}': it is not connected`, 'push');
  if (element === undefined || element === null) {
    return logic.misuse(
      name,
      `cannot push ${String(element)} to port '${name}': null and undefined are not legal stream elements`,
      'push',
    );
  }
  if ((c.state & OutClosed) !== 0)
    return logic.misuse(name, `cannot push to port '${name}': it is closed`, 'push');
  return logic.misuse(
    name,
    `cannot push to port '${name}': it has not been pulled (push twice, or push before pull)`,
    'push',
  );
}

/** @internal Whether `port` is one of the ports of `shape` (not merely one with the same id). */
export function ownsPort(shape: Shape, port: Inlet<never> | Outlet<unknown>): boolean {
  return port instanceof Inlet ? shape.inlets[port.id] === port : shape.outlets[port.id] === port;
}

/**
 * @internal Why `port` cannot be used to `verb` by `logic`: it belongs to another stage, or it
 * points the wrong way (an inlet where an outlet is needed, or the reverse).
 */
export function foreignPortError(
  logic: GraphStageLogic,
  port: Inlet<never> | Outlet<unknown>,
  verb: 'push to' | 'pull' | 'grab from' | 'cancel' | 'complete' | 'fail' | 'set a handler on',
): PortMisuseError {
  const label = logic.label || logic.constructor.name;
  const reason = !ownsPort(logic.shape, port)
    ? 'it is not a port of this stage; use the ports of the shape this logic was built with'
    : port instanceof Inlet
      ? `it is an inlet of this stage; only an outlet can be ${pastTense[verb]}`
      : `it is an outlet of this stage; only an inlet can be ${pastTense[verb]}`;
  return new PortMisuseError(
    label,
    port.name,
    `${label}: cannot ${verb} port '${port.name}': ${reason}`,
  );
}

const pastTense = {
  'push to': 'pushed to',
  pull: 'pulled',
  'grab from': 'grabbed from',
  cancel: 'cancelled',
  complete: 'completed',
  fail: 'failed',
  'set a handler on': 'given a handler',
} as const;
