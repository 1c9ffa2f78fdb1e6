import { describe, expect, it } from 'vitest';
import { CEP, MalformedPatternError, Pattern } from 'sluice/cep';
import type { Ev } from './run.js';

const a = Pattern.of<Ev>().begin('a');

describe('Pattern refuses malformed patterns when built, naming the step', () => {
  it('a duplicate step name', () => {
    expect(() => a.followedBy('b').next('a')).toThrow(
      new MalformedPatternError('a', 'is named twice: step names must be unique'),
    );
  });

  it('a not step after an optional step', () => {
    expect(() => a.followedBy('b').optional().notNext('n')).toThrow(
      "Pattern: step 'n' is a notNext step after the optional step 'b'",
    );
    expect(() => a.followedBy('b').optional().notFollowedBy('n')).toThrow(
      "Pattern: step 'n' is a notFollowedBy step after the optional step 'b'",
    );
  });

  it('a quantifier on a not step', () => {
    const not = a.notNext('n') as unknown as { oneOrMore(): unknown; optional(): unknown };
    expect(() => not.oneOrMore()).toThrow(
      "Pattern: step 'n' is a notNext step: it cannot be oneOrMore",
    );
    expect(() => not.optional()).toThrow(
      "Pattern: step 'n' is a notNext step: it cannot be optional",
    );
  });

  it('a trailing notFollowedBy without within', () => {
    expect(() => CEP.pattern(a.notFollowedBy('n'))).toThrow(
      "Pattern: step 'n' is a notFollowedBy at the end of the pattern: it needs within(ms) to know when to stop",
    );
    expect(() => CEP.pattern(a.notFollowedBy('n').within(10))).not.toThrow();
  });

  it('greedy (and the other loop options) on a step that is not a loop', () => {
    expect(() => a.greedy()).toThrow(
      "Pattern: step 'a' is not a loop: greedy needs oneOrMore, times or timesOrMore before it",
    );
    expect(() => a.until(() => true)).toThrow("step 'a' is not a loop: until");
    expect(() => a.consecutive()).toThrow("step 'a' is not a loop: consecutive");
    expect(() => a.allowCombinations()).toThrow("step 'a' is not a loop: allowCombinations");
  });

  it('bad counts and settings', () => {
    expect(() => a.times(0)).toThrow('Pattern.times: from must be a positive integer, got 0');
    expect(() => a.times(3, 2)).toThrow('Pattern.times: to must be at least from (3), got 2');
    expect(() => a.within(0)).toThrow('Pattern.within: ms must be a positive integer, got 0');
    expect(() => Pattern.begin('')).toThrow('Pattern: a step name must be a non-empty string');
    expect(() => CEP.pattern(a, { maxPartialMatches: 0 })).toThrow(
      'CEP.pattern: maxPartialMatches must be a positive integer, got 0',
    );
    expect(() => CEP.pattern(a, { watermark: 'fromStream' })).toThrow(
      'CEP.pattern: watermark needs timestamp, the event time of an element',
    );
  });
});

describe('Pattern refuses malformed groups when built, naming the group by its steps', () => {
  const ab = Pattern.of<Ev>().begin('x').followedBy('y');

  it('greedy on a group', () => {
    expect(() => a.followedBy(ab).oneOrMore().greedy()).toThrow(
      new MalformedPatternError('(x y)', 'is a group: greedy goes on its steps, not on the group'),
    );
  });

  it('a condition on a group', () => {
    const g = a.followedBy(ab) as unknown as { where(c: () => boolean): unknown };
    expect(() => g.where(() => true)).toThrow(
      "Pattern: step '(x y)' is a group: where goes on its steps, not on the group",
    );
  });

  it('loop options on a group that is not a loop', () => {
    expect(() => a.followedBy(ab).consecutive()).toThrow(
      "Pattern: step '(x y)' is not a loop: consecutive needs oneOrMore, times or timesOrMore",
    );
  });

  it('a step name used inside and outside a group', () => {
    expect(() => a.followedBy(Pattern.of<Ev>().begin('a'))).toThrow(
      "Pattern: step 'a' is named twice: step names must be unique",
    );
    expect(() => a.followedBy(ab).followedBy('y')).toThrow(
      "Pattern: step 'y' is named twice: step names must be unique",
    );
  });

  it('a sub-pattern with within, ending in a not step, or of optional steps only', () => {
    expect(() => a.followedBy(ab.within(10))).toThrow(
      "Pattern: step '(x y)' is a group whose sub-pattern has within: put within on the outer pattern",
    );
    expect(() => a.followedBy(ab.notNext('n'))).toThrow(
      "Pattern: step '(x y n)' is a group ending in the notNext step 'n': a group must end in a step that takes events",
    );
    expect(() => a.followedBy(ab.optional())).not.toThrow();
    expect(() => a.followedBy(Pattern.of<Ev>().begin('x').optional())).toThrow(
      "Pattern: step '(x)' is a group of optional steps only: a group must take at least one event",
    );
  });

  it('a not step after an optional group, and a group that is not a Pattern', () => {
    expect(() => a.followedBy(ab).optional().notNext('n')).toThrow(
      "Pattern: step 'n' is a notNext step after the optional step '(x y)'",
    );
    const fake = { matchType: {}, eventType: () => undefined };
    expect(() => a.followedBy(fake)).toThrow(
      'Pattern: a group must be a Pattern (Pattern.begin(...)), got object',
    );
  });

  it('bad per-loop gaps', () => {
    expect(() => a.oneOrMore({ windowTime: 0 })).toThrow(
      'Pattern.oneOrMore: windowTime must be a positive integer, got 0',
    );
    expect(() => a.times(2, { windowTime: -1 })).toThrow(
      'Pattern.times: windowTime must be a positive integer, got -1',
    );
    expect(() => a.timesOrMore(2, 5 as never)).toThrow(
      'Pattern.timesOrMore: the loop gap must be { windowTime: ms }, got 5',
    );
  });
});
