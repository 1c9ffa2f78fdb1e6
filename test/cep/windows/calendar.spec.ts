import { describe, expect, it } from 'vitest';
import { Sink, Source } from 'sluice';
import { CalendarWindows, Window } from 'sluice/cep';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

const hour = 3_600_000;
const dayOf = (ts: number, zone = 'America/New_York'): [number, number] => {
  const slots: number[] = [];
  CalendarWindows.day<number>(zone).assignWindows(0, ts, slots);
  return [slots[0] ?? 0, slots[1] ?? 0];
};

describe('CalendarWindows', () => {
  it('a day in New York is 23 hours on 2026-03-08 and 25 hours on 2026-11-01', () => {
    const [s1, e1] = dayOf(Date.UTC(2026, 2, 8, 12));
    expect(new Date(s1).toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect((e1 - s1) / hour).toBe(23);
    const [s2, e2] = dayOf(Date.UTC(2026, 10, 1, 12));
    expect(new Date(s2).toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect((e2 - s2) / hour).toBe(25);
    const [s3, e3] = dayOf(Date.UTC(2026, 2, 9, 12));
    expect((e3 - s3) / hour).toBe(24);
  });

  it('weeks start on Monday by default, months and years follow the calendar', () => {
    const slots: number[] = [];
    const ts = Date.UTC(2026, 2, 8, 12); // a Sunday
    CalendarWindows.week<number>('UTC').assignWindows(0, ts, slots);
    expect(new Date(slots[0] ?? 0).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    CalendarWindows.week<number>('UTC', { weekStartsOn: 0 }).assignWindows(0, ts, slots);
    expect(new Date(slots[0] ?? 0).toISOString()).toBe('2026-03-08T00:00:00.000Z');
    CalendarWindows.month<number>('Europe/Paris').assignWindows(0, Date.UTC(2026, 1, 10), slots);
    expect(((slots[1] ?? 0) - (slots[0] ?? 0)) / hour).toBe(28 * 24);
    CalendarWindows.year<number>('UTC').assignWindows(0, ts, slots);
    expect(new Date(slots[1] ?? 0).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('counts the events of each New York day across the DST change', async () => {
    const ts = [Date.UTC(2026, 2, 8, 4, 30), Date.UTC(2026, 2, 8, 6), Date.UTC(2026, 2, 9, 3, 59)];
    const out = await Source.from(ts)
      .via(
        Window.aggregate(
          CalendarWindows.day<number>('America/New_York'),
          { createAccumulator: () => 0, add: (_: number, n: number) => n + 1, getResult: (n) => n },
          { timestamp: (t: number) => t },
        ),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [(r.window.end - r.window.start) / hour, r.value])).toEqual([
      [24, 1],
      [23, 2],
    ]);
  });

  it('refuses an unknown time zone', () => {
    expect(() => CalendarWindows.day('Mars/Olympus')).toThrow(
      "CalendarWindows.day: timeZone must be an IANA time zone, got 'Mars/Olympus'",
    );
  });
});
