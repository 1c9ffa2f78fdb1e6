import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

/**
 * Runs `warmUp`, collects garbage, then runs `measured` while sampling the heap every 1 ms.
 * Returns how far the heap grew: after a final collection, and at its peak during the run.
 */
export async function heapGrowth(
  warmUp: () => Promise<unknown>,
  measured: () => Promise<unknown>,
): Promise<{ retained: number; peak: number }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  await warmUp();
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1);
  try {
    await measured();
  } finally {
    clearInterval(sample);
  }
  gc();
  return { retained: process.memoryUsage().heapUsed - before, peak: peak - before };
}
