import { describe, expect, it } from 'vitest';
import { TimerSet } from '../../../../src/testkit/broker/groups/TimerSet.js';
import { ManualClock } from './ManualClock.js';

describe('TimerSet', () => {
  it('fires a timer once and forgets it', () => {
    const clock = new ManualClock();
    const timers = new TimerSet(clock);
    let fired = 0;
    timers.schedule(10, () => fired++);
    expect(timers.size).toBe(1);
    clock.advance(10);
    clock.advance(10);
    expect(fired).toBe(1);
    expect(timers.size).toBe(0);
  });

  it('does not fire a cancelled timer', () => {
    const clock = new ManualClock();
    const timers = new TimerSet(clock);
    let fired = 0;
    timers.schedule(10, () => fired++).cancel();
    clock.advance(10);
    expect(fired).toBe(0);
    expect(timers.size).toBe(0);
  });

  it('cancels everything on close and refuses new timers', () => {
    const clock = new ManualClock();
    const timers = new TimerSet(clock);
    let fired = 0;
    timers.schedule(10, () => fired++);
    timers.schedule(20, () => fired++);
    timers.close();
    timers.schedule(5, () => fired++);
    clock.advance(100);
    expect(fired).toBe(0);
    expect(clock.pending).toBe(0);
    expect(timers.size).toBe(0);
  });
});
