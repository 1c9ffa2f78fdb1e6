import type { Materializer } from '../core/index.js';
import { VirtualClock } from './VirtualClock.js';

/**
 * Throws unless every stream the materializer started has stopped and (on a virtual clock) no
 * timer is left: the leak check to call in `afterEach`.
 */
export function assertAllStagesStopped(materializer: Materializer): void {
  const islands = materializer.runningIslands;
  if (islands > 0)
    throw new Error(`assertAllStagesStopped: ${islands} fused island(s) still running`);
  const clock = materializer.clock;
  if (clock instanceof VirtualClock && clock.pendingTimers > 0) {
    throw new Error(`assertAllStagesStopped: ${clock.pendingTimers} timer(s) still scheduled`);
  }
}
