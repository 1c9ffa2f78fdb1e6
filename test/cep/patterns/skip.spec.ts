import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { AfterMatchSkipStrategy, CEP, Pattern } from 'sluice/cep';
import { assertAllStagesStopped } from 'sluice/testkit';
import { type Ev, evs, is, matches } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

// Flink CEP docs, "After Match Skip Strategy": `b+ c` (greedy, consecutive, then next) over b1 b2 b3 c.
const bPlusC = Pattern.of<Ev>()
  .begin('b')
  .where(is('b'))
  .oneOrMore()
  .greedy()
  .consecutive()
  .next('c')
  .where(is('c'));
const bbbc = evs('b1 b2 b3 c');

describe('AfterMatchSkipStrategy (Flink CEP docs: b+ c over b1 b2 b3 c)', () => {
  it('noSkip emits every match', async () => {
    const skip = AfterMatchSkipStrategy.noSkip();
    expect(await matches(mat, bPlusC, bbbc, { afterMatchSkip: skip })).toEqual([
      'b1 b2 b3 c',
      'b2 b3 c',
      'b3 c',
    ]);
  });

  it('skipToNext discards nothing here: no other match starts at b1', async () => {
    const skip = AfterMatchSkipStrategy.skipToNext();
    expect(await matches(mat, bPlusC, bbbc, { afterMatchSkip: skip })).toEqual([
      'b1 b2 b3 c',
      'b2 b3 c',
      'b3 c',
    ]);
  });

  it('skipPastLastEvent discards every started partial match', async () => {
    const skip = AfterMatchSkipStrategy.skipPastLastEvent();
    expect(await matches(mat, bPlusC, bbbc, { afterMatchSkip: skip })).toEqual(['b1 b2 b3 c']);
  });

  it("skipToFirst('b') discards what started before b1: nothing", async () => {
    const skip = AfterMatchSkipStrategy.skipToFirst('b');
    expect(await matches(mat, bPlusC, bbbc, { afterMatchSkip: skip })).toEqual([
      'b1 b2 b3 c',
      'b2 b3 c',
      'b3 c',
    ]);
  });

  it("skipToLast('b') discards what started before b3: b2 b3 c", async () => {
    const skip = AfterMatchSkipStrategy.skipToLast('b');
    expect(await matches(mat, bPlusC, bbbc, { afterMatchSkip: skip })).toEqual([
      'b1 b2 b3 c',
      'b3 c',
    ]);
  });
});

describe('AfterMatchSkipStrategy, the docs’ other examples', () => {
  // (a | b | c) (b | c) c+.greedy d over a b c1 c2 c3 d
  const p = Pattern.of<Ev>()
    .begin('x')
    .where((e) => e.kind === 'a' || e.kind === 'b' || e.kind === 'c')
    .next('y')
    .where((e) => e.kind === 'b' || e.kind === 'c')
    .next('z')
    .where(is('c'))
    .oneOrMore()
    .greedy()
    .consecutive()
    .next('d')
    .where(is('d'));
  const input = evs('a b c1 c2 c3 d');

  it('noSkip gives three matches', async () => {
    expect(await matches(mat, p, input)).toEqual(['a b c1 c2 c3 d', 'b c1 c2 c3 d', 'c1 c2 c3 d']);
  });

  it("skipToFirst('z') discards the match that started before c1", async () => {
    const skip = AfterMatchSkipStrategy.skipToFirst('z');
    expect(await matches(mat, p, input, { afterMatchSkip: skip })).toEqual([
      'a b c1 c2 c3 d',
      'c1 c2 c3 d',
    ]);
  });

  it('a b+ over a b1 b2 b3: noSkip gives three, skipToNext one', async () => {
    const ab = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .followedBy('b')
      .where(is('b'))
      .oneOrMore();
    const input2 = evs('a b1 b2 b3');
    expect(await matches(mat, ab, input2)).toEqual(['a b1', 'a b1 b2', 'a b1 b2 b3']);
    const skip = AfterMatchSkipStrategy.skipToNext();
    expect(await matches(mat, ab, input2, { afterMatchSkip: skip })).toEqual(['a b1']);
  });

  it('holds a match back while an earlier partial match is alive', async () => {
    // a1 waits for b; a2 c completes first but must wait, then a1's match prunes it.
    const p2 = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .followedBy('x')
      .where((e) => e.kind === 'b' || e.kind === 'c');
    const skip = AfterMatchSkipStrategy.skipPastLastEvent();
    expect(await matches(mat, p2, evs('a1 a2 c'), { afterMatchSkip: skip })).toEqual(['a1 c']);
  });

  it('without an event for the named step nothing is skipped, unless throwExceptionOnMiss', async () => {
    const p3 = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .followedBy('o')
      .where(is('o'))
      .optional()
      .followedBy('b')
      .where(is('b'));
    const input3 = evs('a1 a2 b');
    const skip = AfterMatchSkipStrategy.skipToFirst('o');
    expect(await matches(mat, p3, input3, { afterMatchSkip: skip })).toEqual(['a1 b', 'a2 b']);
    await expect(
      matches(mat, p3, input3, { afterMatchSkip: skip.throwExceptionOnMiss() }),
    ).rejects.toThrow("skipToFirst: the match has no event for step 'o' to skip to");
  });

  it('refuses a strategy naming a step the pattern lacks', () => {
    expect(() =>
      CEP.pattern(bPlusC, { afterMatchSkip: AfterMatchSkipStrategy.skipToLast('zz') }),
    ).toThrow("Pattern: step 'zz' is named by skipToLast but is not a step of the pattern");
  });
});
