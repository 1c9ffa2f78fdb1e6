import { afterEach } from 'vitest';
import { Materializer } from 'sluice';
import { assertAllStagesStopped, VirtualClock } from 'sluice/testkit';

/**
 * The CEP specs' materializer: on a virtual clock, and checked after every test for stages left
 * running.
 */
export function virtualMaterializer(): { clock: VirtualClock; mat: Materializer } {
  const clock = new VirtualClock();
  const mat = new Materializer({ clock });
  afterEach(() => {
    assertAllStagesStopped(mat);
  });
  return { clock, mat };
}
