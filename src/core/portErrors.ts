import { type Connection, InClosed, OutClosed } from './Connection.js';
import type { PortMisuseError } from './errors.js';
import type { GraphStageLogic } from './GraphStageLogic.js';
import type { Inlet } from './Inlet.js';
import type { Outlet } from './Outlet.js';

// The port-rule errors of push and pull. They are built only on the failure path, so the checks
// in `GraphStageLogic.push` and `pull` stay a single bit test on the hot path.

/** @internal Why a pull on `inlet` was refused. */
export function pullError(
  logic: GraphStageLogic,
  inlet: Inlet<never>,
  c: Connection | undefined,
): PortMisuseError {
  const name = inlet.name;
  if (c === undefined)
    return logic.misuse(name, `cannot pull port '${name}': it is not connected`, 'pull');
  if ((c.state & InClosed) !== 0)
    return logic.misuse(name, `cannot pull port '${name}': it is closed`, 'pull');
  return logic.misuse(name, `cannot pull port '${name}': it is already pulled`, 'pull');
}

/** @internal Why a push of `element` to `outlet` was refused. */
export function pushError(
  logic: GraphStageLogic,
  outlet: Outlet<unknown>,
  c: Connection | undefined,
  element: unknown,
): PortMisuseError {
  const name = outlet.name;
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
