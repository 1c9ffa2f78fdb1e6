import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { assertAllStagesStopped, TestSource, VirtualClock } from 'sluice/testkit';
import { type Check, flappingServices } from '../../examples/cep/patterns/flapping.js';
import { fraudAlerts } from '../../examples/cep/patterns/fraud.js';
import { type Login, loginBursts } from '../../examples/cep/patterns/loginFailures.js';
import { vShapes } from '../../examples/cep/patterns/vShape.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const minutes = (n: number): number => n * 60_000;

describe('examples/cep/patterns', () => {
  it('fraud: three small payments then a large one within ten minutes, per card', async () => {
    const alerts = await fraudAlerts(
      [
        { card: 'c1', amount: 0.5, ts: minutes(0) },
        { card: 'c2', amount: 0.1, ts: minutes(0) },
        { card: 'c1', amount: 0.9, ts: minutes(1.5) },
        { card: 'c1', amount: 0.2, ts: minutes(1) }, // out of order, within the minute allowed
        { card: 'c2', amount: 0.1, ts: minutes(1) },
        { card: 'c2', amount: 0.1, ts: minutes(2) },
        { card: 'c1', amount: 900, ts: minutes(5) },
        { card: 'c2', amount: 800, ts: minutes(11) }, // eleven minutes after c2's first
      ],
      mat,
    );
    expect(alerts).toEqual([{ card: 'c1', small: [0.5, 0.2, 0.9], large: 900 }]);
  });

  it('loginFailures: a burst per three consecutive failures; shorter runs time out', async () => {
    const timedOut: [string, number][] = [];
    const [probe, logins] = TestSource.probe<Login>().preMaterialize(mat);
    const bursts = loginBursts(logins, (user, n) => timedOut.push([user, n]), mat);
    const fail = (user: string): Login => ({ user, ok: false });
    await probe.expectRequest();
    probe.sendNext(fail('eve'), fail('eve'), fail('bob'), fail('eve'), fail('eve'));
    clock.advance(59_999);
    expect(timedOut).toEqual([]);
    clock.advance(1);
    expect(timedOut.sort()).toEqual([
      ['bob', 1],
      ['eve', 1],
    ]);
    probe.sendComplete();
    expect(await bursts).toEqual(['eve']);
  });

  it('vShape: a fall of two or more ticks, then a rise above the top', async () => {
    const prices = [10, 9, 8, 7, 11, 12, 12, 11, 13];
    const shapes = await vShapes(
      prices.map((price, i) => ({ symbol: 'ACME', price, ts: i * 1000 })),
      mat,
    );
    expect(shapes).toEqual([{ symbol: 'ACME', top: 10, bottom: 7, recovery: 11 }]);
  });

  it('flapping: three down-up cycles in a row, each change within a minute, once per burst', async () => {
    const at = (service: string, isUp: boolean, seconds: number): Check => ({
      service,
      isUp,
      ts: seconds * 1000,
    });
    const flaps = await flappingServices(
      [
        // api flaps four times in a row: one burst, reported at its third cycle.
        ...[0, 20, 40, 60].flatMap((t) => [at('api', false, t), at('api', true, t + 10)]),
        // db flaps twice, rests two minutes (the gap breaks the loop), then twice more.
        ...[0, 20, 170, 190].flatMap((t) => [at('db', false, t), at('db', true, t + 10)]),
      ].sort((x, y) => x.ts - y.ts),
      mat,
    );
    expect(flaps).toEqual([{ service: 'api', cycles: 3, from: 0, to: 50_000 }]);
  });
});
