import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, Materializer, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped, settle, TestSink } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** A fake resource: reads its lines in order and counts opens and closes. */
class Lines {
  static opened = 0;
  static closed = 0;
  private i = 0;
  constructor(private readonly lines: string[]) {
    Lines.opened++;
  }
  read(): string | undefined {
    return this.lines[this.i++];
  }
  close(): void {
    Lines.closed++;
  }
}

function reset(): void {
  Lines.opened = 0;
  Lines.closed = 0;
}

describe('Source.unfoldResource', () => {
  it('reads until undefined and closes exactly once', async () => {
    reset();
    const out = await Source.unfoldResource(
      () => new Lines(['a', 'b']),
      (r) => r.read(),
      (r) => {
        r.close();
      },
    ).runWith(Sink.seq(), mat);
    expect(out).toEqual(['a', 'b']);
    expect([Lines.opened, Lines.closed]).toEqual([1, 1]);
  });

  it('closes once when downstream cancels, and reads only on demand', async () => {
    reset();
    let reads = 0;
    const sub = Source.unfoldResource(
      () => new Lines(['a', 'b', 'c']),
      (r) => {
        reads++;
        return r.read();
      },
      (r) => {
        r.close();
      },
    ).runWith(TestSink.probe<string>(), mat);
    sub.request(1);
    await sub.expectNext('a');
    await sub.expectNoMessage(0);
    expect(reads).toBe(1);
    sub.cancel();
    await settle();
    expect(Lines.closed).toBe(1);
  });

  it('closes once and fails when a read throws', async () => {
    reset();
    await expect(
      Source.unfoldResource(
        () => new Lines([]),
        () => {
          throw new TE('read');
        },
        (r) => {
          r.close();
        },
      ).runWith(Sink.seq(), mat),
    ).rejects.toThrow('read');
    expect(Lines.closed).toBe(1);
  });

  it('skips a failed read on resume and reopens on restart', async () => {
    reset();
    let failures = 1;
    const read = (r: Lines) => {
      const line = r.read();
      if (line === 'bad' && failures-- > 0) throw new TE('bad line');
      return line;
    };
    const resumed = await Source.unfoldResource(
      () => new Lines(['a', 'bad', 'c']),
      read,
      (r) => {
        r.close();
      },
    )
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(resumed).toEqual(['a', 'c']);
    reset();
    failures = 1;
    const restarted = await Source.unfoldResource(
      () => new Lines(['a', 'bad']),
      read,
      (r) => {
        r.close();
      },
    )
      .withAttributes(Attributes.supervisionStrategy(Supervision.restartingDecider))
      .runWith(Sink.seq(), mat);
    expect(restarted).toEqual(['a', 'a', 'bad']);
    expect([Lines.opened, Lines.closed]).toEqual([2, 2]);
  });

  it('refuses arguments that are not functions', () => {
    expect(() =>
      Source.unfoldResource(
        () => 1,
        2 as never,
        () => undefined,
      ),
    ).toThrow(/Source.unfoldResource: read must be a function/);
  });
});

describe('Source.unfoldResourceAsync', () => {
  const open = () => Promise.resolve(new Lines(['a', 'b']));
  const read = (r: Lines) => Promise.resolve(r.read());
  const close = (r: Lines) => {
    r.close();
    return Promise.resolve();
  };

  it('reads until undefined and closes exactly once', async () => {
    reset();
    expect(await Source.unfoldResourceAsync(open, read, close).runWith(Sink.seq(), mat)).toEqual([
      'a',
      'b',
    ]);
    expect([Lines.opened, Lines.closed]).toEqual([1, 1]);
  });

  it('closes after the read in flight when downstream cancels', async () => {
    reset();
    let release: () => void = () => undefined;
    const slowRead = (r: Lines) =>
      new Promise<string | undefined>((resolve) => {
        release = () => {
          resolve(r.read());
        };
      });
    const sub = Source.unfoldResourceAsync(open, slowRead, close).runWith(
      TestSink.probe<string>(),
      mat,
    );
    sub.request(1);
    await settle();
    sub.cancel();
    await settle();
    expect(Lines.closed).toBe(0);
    release();
    await settle();
    expect(Lines.closed).toBe(1);
  });

  it('closes and fails when a read rejects, and fails when close rejects', async () => {
    reset();
    await expect(
      Source.unfoldResourceAsync(open, () => Promise.reject(new TE('read')), close).runWith(
        Sink.seq(),
        mat,
      ),
    ).rejects.toThrow('read');
    expect(Lines.closed).toBe(1);
    await expect(
      Source.unfoldResourceAsync(open, read, () => Promise.reject(new TE('close'))).runWith(
        Sink.seq(),
        mat,
      ),
    ).rejects.toThrow('close');
  });

  it('fails when create rejects', async () => {
    await expect(
      Source.unfoldResourceAsync(() => Promise.reject(new TE('open')), read, close).runWith(
        Sink.seq(),
        mat,
      ),
    ).rejects.toThrow('open');
  });
});
