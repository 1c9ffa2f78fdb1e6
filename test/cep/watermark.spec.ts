import { describe, expect, it } from 'vitest';
import { type WatermarkOutput, WatermarkStrategy, WatermarkValve } from 'sluice/cep';

class Recorder implements WatermarkOutput {
  readonly events: (number | 'idle' | 'active')[] = [];
  emitWatermark(timestamp: number): void {
    this.events.push(timestamp);
  }
  markIdle(): void {
    this.events.push('idle');
  }
  markActive(): void {
    this.events.push('active');
  }
}

describe('WatermarkStrategy', () => {
  it('forBoundedOutOfOrderness trails the highest timestamp by the bound and 1 ms', () => {
    const g = WatermarkStrategy.forBoundedOutOfOrderness<number>(5).createGenerator({
      now: () => 0,
    });
    const out = new Recorder();
    g.onEvent(0, 100, out);
    g.onEvent(0, 90, out);
    g.onPeriodicEmit(out);
    g.onEvent(0, 120, out);
    g.onPeriodicEmit(out);
    expect(out.events).toEqual([94, 114]);
  });

  it('withIdleness marks the input idle after the timeout and active on the next element', () => {
    let now = 0;
    const g = WatermarkStrategy.forMonotonousTimestamps<number>()
      .withIdleness(100)
      .createGenerator({ now: () => now });
    const out = new Recorder();
    g.onEvent(0, 10, out);
    now = 99;
    g.onPeriodicEmit(out);
    now = 199;
    g.onPeriodicEmit(out);
    g.onPeriodicEmit(out);
    g.onEvent(0, 20, out);
    g.onPeriodicEmit(out);
    expect(out.events).toEqual([9, 'idle', 'active', 19]);
  });

  it('forGenerator runs a custom punctuated generator', () => {
    const strategy = WatermarkStrategy.forGenerator<{ ts: number; end: boolean }>(() => ({
      onEvent: (e, ts, output) => {
        if (e.end) output.emitWatermark(ts);
      },
      onPeriodicEmit: () => undefined,
    }));
    const out = new Recorder();
    const g = strategy.createGenerator({ now: () => 0 });
    g.onEvent({ ts: 5, end: false }, 5, out);
    g.onEvent({ ts: 7, end: true }, 7, out);
    expect(out.events).toEqual([7]);
    expect(strategy.intervalMs).toBe(200);
  });

  it('refuses bad settings', () => {
    expect(() => WatermarkStrategy.forBoundedOutOfOrderness(-1)).toThrow(
      'WatermarkStrategy.forBoundedOutOfOrderness: maxOutOfOrdernessMs must be a non-negative number of milliseconds, got -1',
    );
    expect(() => WatermarkStrategy.forMonotonousTimestamps().withIdleness(0)).toThrow(
      'WatermarkStrategy.withIdleness: idleTimeoutMs must be positive, got 0',
    );
  });
});

describe('WatermarkValve', () => {
  it('takes the minimum over inputs that are not idle', () => {
    const valve = new WatermarkValve();
    valve.addChannel(0);
    valve.addChannel(1);
    expect(valve.onWatermark(0, 50)).toBe(false); // input 1 has reported nothing yet
    expect(valve.onWatermark(1, 30)).toBe(true);
    expect(valve.watermark).toBe(30);
    expect(valve.onIdle(1)).toBe(true); // input 1 no longer holds input 0 back
    expect(valve.watermark).toBe(50);
    valve.onActive(1);
    valve.onWatermark(1, 40); // never moves back
    expect(valve.watermark).toBe(50);
    expect(valve.onIdle(0)).toBe(false);
    valve.onIdle(1);
    expect(valve.isIdle).toBe(true);
  });

  it('drops a removed channel (a revoked partition) from the minimum', () => {
    const valve = new WatermarkValve<string>();
    valve.addChannel('t/0');
    valve.addChannel('t/1');
    valve.onWatermark('t/0', 100);
    valve.onWatermark('t/1', 10);
    expect(valve.watermark).toBe(10);
    expect(valve.removeChannel('t/1')).toBe(true);
    expect(valve.watermark).toBe(100);
    expect(valve.size).toBe(1);
  });
});
