import { describe, expect, it } from 'vitest';
import { Keep } from 'sluice';
import { CEP, Pattern, PatternMetrics } from 'sluice/cep';
import { TestSink, TestSource } from 'sluice/testkit';
import { type Ev, is, render } from './run.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

const ab = Pattern.of<Ev>().begin('a').where(is('a')).followedBy('b').where(is('b'));
const ev = (id: string, key: number): Ev => ({ id, kind: id.charAt(0), ts: 0, key });
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);

/** `a followedBy b` per key, with its metrics, between probes. */
function start() {
  const metrics = new PatternMetrics();
  const [pub, sub] = TestSource.probe<Ev>()
    .via(CEP.pattern(ab, { keyBy: (e: Ev) => e.key, metrics }))
    .toMat(TestSink.probe<{ a: Ev; b: Ev }>(), Keep.both)
    .run(mat);
  sub.request(10);
  return { metrics, pub, sub };
}

describe('per-key state', () => {
  it('keeps keys without partial matches idle and sweeps them once they outnumber 16,384 and twice the live keys', async () => {
    const { metrics, pub, sub } = start();
    // 16,384 keys whose event starts nothing: kept, idle, up to the floor of 16,384.
    pub.sendNext(...range(0, 16_384).map((k) => ev('x', k)));
    await sub.expectNoMessage(0);
    expect(metrics.keys).toBe(0);
    expect(metrics.idleKeys).toBe(16_384);
    pub.sendNext(ev('x', 16_384)); // one more: the sweep removes every idle key
    await sub.expectNoMessage(0);
    expect(metrics.idleKeys).toBe(0);
    // 9,000 live keys raise the bound to 18,000 idle keys; the sweep leaves the live ones alone.
    pub.sendNext(...range(0, 9000).map((k) => ev(`a${String(k)}`, k)));
    pub.sendNext(...range(20_000, 38_000).map((k) => ev('x', k)));
    await sub.expectNoMessage(0);
    expect(metrics.keys).toBe(9000);
    expect(metrics.idleKeys).toBe(18_000);
    expect(metrics.partialMatches).toBe(9000);
    pub.sendNext(ev('x', 38_000));
    await sub.expectNoMessage(0);
    expect(metrics.idleKeys).toBe(0);
    expect(metrics.keys).toBe(9000);
    // A match ends key 7's only partial match: the key goes idle; the other live keys match on.
    pub.sendNext(ev('b7', 7));
    expect(render(await sub.expectNextAny())).toBe('a7 b7');
    expect(metrics.keys).toBe(8999);
    expect(metrics.idleKeys).toBe(1);
    expect(metrics.partialMatches).toBe(8999);
    pub.sendNext(ev('b8999', 8999));
    expect(render(await sub.expectNextAny())).toBe('a8999 b8999');
    pub.sendComplete();
    await sub.expectComplete();
    expect(metrics.keys).toBe(0);
    expect(metrics.idleKeys).toBe(0);
    expect(metrics.partialMatches).toBe(0);
    expect(metrics.bufferNodes).toBe(0);
  });

  it('takes an idle key up again when it comes back, and lets it go idle again', async () => {
    const { metrics, pub, sub } = start();
    pub.sendNext(ev('a1', 1), ev('b1', 1));
    expect(render(await sub.expectNextAny())).toBe('a1 b1');
    expect(metrics.keys).toBe(0);
    expect(metrics.idleKeys).toBe(1);
    pub.sendNext(ev('a2', 1));
    await sub.expectNoMessage(0);
    expect(metrics.keys).toBe(1);
    expect(metrics.idleKeys).toBe(0);
    pub.sendNext(ev('b2', 1));
    expect(render(await sub.expectNextAny())).toBe('a2 b2');
    expect(metrics.idleKeys).toBe(1);
    pub.sendComplete();
    await sub.expectComplete();
    expect(metrics.idleKeys).toBe(0);
  });
});
