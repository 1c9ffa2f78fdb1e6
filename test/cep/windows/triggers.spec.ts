import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import {
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
  CountTrigger,
  EventTimeSessionWindows,
  EventTimeTrigger,
  ProcessingTimeTrigger,
  PurgingTrigger,
  SlidingEventTimeWindows,
  SlidingWindows,
  TimeOrCountTrigger,
  type Trigger,
  type TriggerContext,
  TriggerResult,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  Window,
  type WindowAssigner,
  type WindowOptions,
  type WindowResult,
} from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { bound, events } from './arbitraries.js';
import { type Ev, type Row, sortRows } from './oracle.js';
import { perElement, runSumsWith, sum } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

async function sums(
  assigner: WindowAssigner<Ev>,
  evs: readonly Ev[],
  options: WindowOptions<Ev, number>,
): Promise<{ rows: Row[]; late: Ev[] }> {
  const { rows, late } = await runSumsWith(mat, assigner, evs, options);
  return { rows: sortRows(rows), late };
}

const assigners = fc.oneof(
  fc.integer({ min: 1, max: 60 }).map((size) => TumblingEventTimeWindows.of<Ev>(size)),
  fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 20 }))
    .map(([n, slide]) => SlidingEventTimeWindows.of<Ev>(n * slide, slide)),
  fc.integer({ min: 1, max: 30 }).map((gap) => EventTimeSessionWindows.withGap<Ev>(gap)),
);

const inputs = (evs: readonly Ev[]): string[] => evs.map((e) => `${e.key}/${e.ts}`);

describe('triggers', () => {
  it('EventTimeTrigger equals the default path, allowed lateness and late data included', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        bound,
        assigners,
        fc.integer({ min: 0, max: 50 }),
        async (evs, b, assigner, allowedLatenessMs) => {
          const options = { watermark: perElement(b), allowedLatenessMs };
          const fast = await sums(assigner, evs, options);
          const triggered = await sums(assigner, evs, {
            ...options,
            trigger: EventTimeTrigger.create(),
          });
          expect(triggered.rows).toEqual(fast.rows);
          expect(inputs(triggered.late)).toEqual(inputs(fast.late));
        },
      ),
    );
  });

  it('ProcessingTimeTrigger equals the default processing-time path', async () => {
    const run = async (trigger?: Trigger<string, unknown>) => {
      const [pub, sub] = TestSource.probe<string>()
        .via(
          Window.reduce(
            TumblingProcessingTimeWindows.of<string>(100, clock.now() % 100),
            (a: string, b: string) => a + b,
            trigger === undefined ? {} : { trigger },
          ),
        )
        .toMat(TestSink.probe<WindowResult<undefined, string>>(), Keep.both)
        .run(mat);
      sub.request(10);
      const t0 = clock.now();
      pub.sendNext('a');
      clock.advance(60);
      pub.sendNext('b');
      await sub.expectNoMessage(39);
      clock.advance(1);
      const first = await sub.expectNextAny();
      pub.sendNext('c');
      pub.sendComplete();
      const last = await sub.expectNextAny();
      await sub.expectComplete();
      return [first, last].map((r) => [r.window.start - t0, r.value]);
    };
    const fast = await run();
    expect(fast).toEqual([
      [0, 'ab'],
      [100, 'c'],
    ]);
    expect(await run(ProcessingTimeTrigger.create())).toEqual(fast);
  });

  it('CountTrigger fires every n elements of a window; the window still closes at its end', async () => {
    const at = (ts: number): Ev => ({ key: 0, ts, v: ts });
    const { rows } = await sums(TumblingEventTimeWindows.of<Ev>(10), [1, 2, 3, 25, 26].map(at), {
      watermark: perElement(0),
      trigger: CountTrigger.of(2),
    });
    // [0, 10) fired at 2 (1 + 2); element 3 never reached a count of 2 before the window closed.
    expect(rows.map((r) => [r.start, r.value])).toEqual([
      [0, 3],
      [20, 51],
    ]);
  });

  it('ContinuousEventTimeTrigger gives early results every interval, then the final one', async () => {
    const at = (ts: number): Ev => ({ key: 0, ts, v: ts });
    const out = await Source.from([1, 5, 12, 25, 61].map(at))
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(60), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: perElement(0),
          trigger: ContinuousEventTimeTrigger.of(10),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.window.start, r.value])).toEqual([
      [0, 18], // watermark 11 passed 10
      [0, 43], // watermark 24 passed 20
      [0, 43], // watermark 60 passed 30 (once, not per skipped interval)
      [0, 43], // the window's end
      [60, 61], // at completion
    ]);
  });

  it('PurgingTrigger turns continuous results into deltas', async () => {
    const at = (ts: number): Ev => ({ key: 0, ts, v: ts });
    const out = await Source.from([1, 5, 12, 25, 61].map(at))
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(60), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: perElement(0),
          trigger: PurgingTrigger.of(ContinuousEventTimeTrigger.of(10)),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => r.value)).toEqual([18, 25, 61]);
  });

  it('ContinuousProcessingTimeTrigger gives early firings of an event-time window on the clock', async () => {
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(1_000), sum, {
          timestamp: (e: Ev) => e.ts,
          trigger: ContinuousProcessingTimeTrigger.of(100),
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    clock.advance(100 - (clock.now() % 100)); // align to the interval
    pub.sendNext({ key: 0, ts: 1, v: 1 }, { key: 0, ts: 2, v: 2 });
    await sub.expectNoMessage(99);
    clock.advance(1);
    expect((await sub.expectNextAny()).value).toBe(3);
    pub.sendNext({ key: 0, ts: 3, v: 4 });
    await sub.expectNoMessage(99);
    clock.advance(1);
    expect((await sub.expectNextAny()).value).toBe(7);
    expect(clock.pendingTimers).toBe(1);
    pub.sendNext({ key: 0, ts: 4, v: 8 });
    pub.sendComplete();
    expect((await sub.expectNextAny()).value).toBe(15); // elements not yet emitted fire at completion
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  it('merges trigger state when sessions merge (CountTrigger)', async () => {
    const at = (ts: number): Ev => ({ key: 0, ts, v: 1 });
    // [10, 17) counts 2 and [20, 25) 1; 16 merges them: 3, and 16 itself makes 4.
    const { rows } = await sums(EventTimeSessionWindows.withGap<Ev>(5), [10, 12, 20, 16].map(at), {
      trigger: PurgingTrigger.of(CountTrigger.of(4)),
    });
    expect(rows).toEqual([{ key: 0, start: 10, end: 25, value: 4 }]);
  });

  it('TimeOrCountTrigger fires early on count, then at the window end', async () => {
    const at = (ts: number): Ev => ({ key: 0, ts, v: 1 });
    const out = await Source.from([1, 2, 3, 4, 15].map(at))
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: perElement(0),
          trigger: PurgingTrigger.of(TimeOrCountTrigger.of(3, 60_000)),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.window.start, r.value])).toEqual([
      [0, 3],
      [0, 1],
      [10, 1],
    ]);
  });

  it('runs a trigger written by the user, typed by its state', async () => {
    /** Fires when a big element arrives; the state counts the firings. */
    const onBig: Trigger<Ev, number> = {
      name: 'onBig',
      createState: () => 0,
      onElement(e: Ev, _ts: number, _w: unknown, ctx: TriggerContext<number>) {
        if (e.v < 100) return TriggerResult.continue;
        ctx.state++;
        return TriggerResult.fireAndPurge;
      },
      onEventTime: () => TriggerResult.continue,
      onProcessingTime: () => TriggerResult.continue,
    };
    const at = (ts: number, v: number): Ev => ({ key: 0, ts, v });
    const { rows } = await sums(
      TumblingEventTimeWindows.of<Ev>(100),
      [at(1, 1), at(2, 100), at(3, 5)],
      {
        trigger: onBig,
      },
    );
    expect(rows.map((r) => r.value)).toEqual([101, 5]); // fired at 100, then the rest at completion
  });

  it('refuses a trigger with options of the default trigger, or one that cannot merge', () => {
    const tumbling = TumblingEventTimeWindows.of<Ev>(10);
    const timestamp = (e: Ev): number => e.ts;
    const trigger = CountTrigger.of(2);
    expect(() => Window.aggregate(tumbling, sum, { timestamp, trigger, graceMs: 5 })).toThrow(
      /Window\.aggregate: graceMs works with the default trigger only, not with CountTrigger\(2\)/,
    );
    expect(() =>
      Window.aggregate(tumbling, sum, { timestamp, trigger, emit: 'onEveryUpdate' }),
    ).toThrow(/Window\.aggregate: emit 'onEveryUpdate' works with the default trigger only/);
    const noMerge: Trigger<Ev, undefined> = {
      name: 'noMerge',
      createState: () => undefined,
      onElement: () => 'fire',
      onEventTime: () => 'continue',
      onProcessingTime: () => 'continue',
    };
    expect(() =>
      Window.aggregate(EventTimeSessionWindows.withGap<Ev>(5), sum, {
        timestamp,
        trigger: noMerge,
      }),
    ).toThrow(
      /EventTimeSessionWindows\(5\) merges windows, so the trigger needs onMerge; noMerge has none/,
    );
    expect(() =>
      Window.aggregate(SlidingWindows.ofTimeDifferenceWithNoGrace(5), sum, { timestamp, trigger }),
    ).toThrow(/SlidingWindows fire by their own rules/);
    expect(() => CountTrigger.of(0)).toThrow(
      /CountTrigger\.of: maxCount must be a positive integer, got 0/,
    );
    expect(() => TimeOrCountTrigger.of(2, 0)).toThrow(
      /TimeOrCountTrigger\.of: timeoutMs must be a positive/,
    );
    expect(() => ContinuousEventTimeTrigger.of(-1)).toThrow(
      /ContinuousEventTimeTrigger\.of: intervalMs/,
    );
    expect(() => ContinuousProcessingTimeTrigger.of(Number.NaN)).toThrow(/intervalMs/);
  });

  it('fires continuous processing-time results on the real clock', async () => {
    const real = new Materializer();
    const [pub, sub] = TestSource.probe<number>()
      .via(
        Window.reduce(
          TumblingProcessingTimeWindows.of<number>(60_000),
          (a: number, b: number) => a + b,
          { trigger: ContinuousProcessingTimeTrigger.of(5) },
        ),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(real);
    sub.request(10);
    pub.sendNext(1, 2);
    expect((await sub.expectNextAny()).value).toBe(3); // an early firing: the input is still open
    pub.sendComplete();
    await sub.expectComplete(); // nothing new since: no final result
    assertAllStagesStopped(real);
  });
});
