import { afterEach, describe, expect, it } from 'vitest';
import { log, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

function recorder() {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      debug: (m: string) => lines.push(`debug ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    },
  };
}

describe('log', () => {
  it('passes elements and logs them and the completion', async () => {
    const { lines, logger } = recorder();
    const out = await Source.from([1, 2])
      .log('nums', { logger, extract: (x) => x * 10 })
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2]);
    expect(lines).toEqual([
      'debug [nums] element: 10',
      'debug [nums] element: 20',
      'debug [nums] upstream finished',
    ]);
  });

  it('logs a failure at error level and passes it on', async () => {
    const { lines, logger } = recorder();
    await expect(
      Source.failed(new TE('bad')).log('x', { logger }).runWith(Sink.seq(), mat),
    ).rejects.toThrow('bad');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error \[x\] upstream failed: .*bad/);
  });

  it('logs a cancel, and backpressures', async () => {
    const { lines, logger } = recorder();
    const [pub, sub] = flowProbes(log<number>('c', { logger }), mat);
    sub.request(1);
    pub.sendNext(1, 2);
    await sub.expectNext(1);
    await sub.expectNoMessage(0);
    sub.cancel();
    await pub.expectCancellation();
    expect(lines).toEqual(['debug [c] element: 1', 'debug [c] downstream cancelled']);
  });

  it('refuses a bad name or extract', () => {
    expect(() => log(3 as never)).toThrow(/log: name must be a string, got number/);
    expect(() => log('x', { extract: 1 as never })).toThrow(/log: extract must be a function/);
  });
});
