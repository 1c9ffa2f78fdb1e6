import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { assertAllStagesStopped, TestSource, VirtualClock } from 'sluice/testkit';
import { type Payment, ruleAlerts, smallThenLarge } from '../../examples/cep/patterns/ruleSwap.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('examples/cep/patterns/ruleSwap', () => {
  it('tightens a rule on a running stream: the old version finishes what it started', async () => {
    const [probe, control, alerts] = ruleAlerts(TestSource.probe<Payment>(), mat);
    await probe.expectRequest();
    probe.sendNext({ card: 'c1', amount: 0.5 });
    expect(await control.swap('probe', smallThenLarge(100), { partialMatches: 'finish' })).toBe(2);
    probe.sendNext(
      { card: 'c2', amount: 0.2 },
      { card: 'c1', amount: 150 }, // not large for version 1, which c1's partial match runs on
      { card: 'c2', amount: 150 }, // large for version 2
      { card: 'c1', amount: 600 },
    );
    clock.advance(600_000); // nothing left to time out: the stream ends with no timer pending
    probe.sendComplete();
    expect(await alerts).toEqual(['probe@2 c2 0.2 150', 'probe@1 c1 0.5 600']);
    expect(clock.pendingTimers).toBe(0);
  });
});
