import { tz } from '@date-fns/tz';
import {
  addDays,
  addMonths,
  addWeeks,
  addYears,
  startOfDay,
  startOfMonth,
  startOfWeek,
  startOfYear,
} from 'date-fns';
import type { WindowAssigner } from './WindowAssigner.js';

/** Options of a calendar window. */
export interface CalendarWindowOptions {
  /** The first day of a week, 0 (Sunday) to 6 (Saturday); Monday (1) by default, as ISO 8601. */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6;
  /** Event time (default) or the materializer's clock. */
  readonly time?: 'event' | 'processing';
}

type Unit = 'day' | 'week' | 'month' | 'year';
type InOption = ReturnType<typeof tz>;

class CalendarWindowAssigner<T> implements WindowAssigner<T> {
  readonly isMerging = false;
  readonly maxWindowsPerElement = 1;
  readonly isEventTime: boolean;
  private readonly zone: { in: InOption; weekStartsOn: 0 | 1 | 2 | 3 | 4 | 5 | 6 };
  // The last window computed: most elements fall into the same one, so they skip date arithmetic.
  private lastStart = 0;
  private lastEnd = 0;
  constructor(
    readonly name: string,
    private readonly unit: Unit,
    timeZone: string,
    options: CalendarWindowOptions,
  ) {
    this.isEventTime = options.time !== 'processing';
    this.zone = { in: tz(timeZone), weekStartsOn: options.weekStartsOn ?? 1 };
  }
  assignWindows(_element: T, timestamp: number, out: number[]): number {
    if (timestamp < this.lastStart || timestamp >= this.lastEnd) this.compute(timestamp);
    out[0] = this.lastStart;
    out[1] = this.lastEnd;
    return 1;
  }
  private compute(timestamp: number): void {
    const zone = this.zone;
    let start: Date;
    let end: Date;
    switch (this.unit) {
      case 'day':
        start = startOfDay(timestamp, zone);
        end = addDays(start, 1, zone);
        break;
      case 'week':
        start = startOfWeek(timestamp, zone);
        end = addWeeks(start, 1, zone);
        break;
      case 'month':
        start = startOfMonth(timestamp, zone);
        end = addMonths(start, 1, zone);
        break;
      case 'year':
        start = startOfYear(timestamp, zone);
        end = addYears(start, 1, zone);
        break;
    }
    this.lastStart = start.getTime();
    this.lastEnd = end.getTime();
  }
}

function calendar<T>(
  unit: Unit,
  timeZone: string,
  options: CalendarWindowOptions = {},
): WindowAssigner<T> {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(
      `CalendarWindows.${unit}: timeZone must be an IANA time zone, got '${timeZone}'`,
    );
  }
  return new CalendarWindowAssigner<T>(
    `CalendarWindows.${unit}(${timeZone})`,
    unit,
    timeZone,
    options,
  );
}

/**
 * Tumbling windows aligned to the calendar of an IANA time zone, with daylight saving time: a day
 * in `America/New_York` on 2026-03-08 is 23 hours long and on 2026-11-01 25 hours; a month is a
 * calendar month. Event time by default (`{ time: 'processing' }` for the clock).
 *
 * ```text
 * New York   03-07 00:00      03-08 00:00        03-09 00:00
 *            [    24 h       )[   23 h (DST)    )
 * ```
 * @throws RangeError if `timeZone` is not a time zone the runtime knows.
 */
export const CalendarWindows = {
  /** Calendar days from midnight to midnight in `timeZone`. */
  day<T>(timeZone: string, options?: CalendarWindowOptions): WindowAssigner<T> {
    return calendar<T>('day', timeZone, options);
  },
  /** Calendar weeks in `timeZone`, starting on `options.weekStartsOn` (Monday by default). */
  week<T>(timeZone: string, options?: CalendarWindowOptions): WindowAssigner<T> {
    return calendar<T>('week', timeZone, options);
  },
  /** Calendar months in `timeZone`. */
  month<T>(timeZone: string, options?: CalendarWindowOptions): WindowAssigner<T> {
    return calendar<T>('month', timeZone, options);
  },
  /** Calendar years in `timeZone`. */
  year<T>(timeZone: string, options?: CalendarWindowOptions): WindowAssigner<T> {
    return calendar<T>('year', timeZone, options);
  },
};
