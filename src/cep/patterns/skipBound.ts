import type { CompiledPattern } from './compilePattern.js';
import type { BufferNode } from './SharedBuffer.js';

/**
 * @internal Where the skip strategy moves on after a match ending at `last`: partial matches
 * that started before the returned event id are discarded; `undefined` discards none.
 * @throws Error for `skipToFirst`/`skipToLast(...).throwExceptionOnMiss()` when the match has no
 * event for the named step.
 */
export function skipBound<T>(pattern: CompiledPattern, last: BufferNode<T>): number | undefined {
  const skip = pattern.skip;
  switch (skip.kind) {
    case 'noSkip':
      return undefined;
    case 'skipPastLastEvent':
      return last.entry.seq + 1;
    case 'skipToNext': {
      let first = last;
      while (first.prev !== undefined) first = first.prev;
      return first.entry.seq + 1;
    }
    case 'skipToFirst':
    case 'skipToLast': {
      const step = pattern.indexOf.get(skip.stepName as string);
      let found: number | undefined = undefined;
      for (let n: BufferNode<T> | undefined = last; n !== undefined; n = n.prev) {
        if (n.step !== step) continue;
        found = n.entry.seq;
        if (skip.kind === 'skipToLast') break;
      }
      if (found === undefined && skip.isThrowingOnMiss) {
        throw new Error(
          `${skip.kind}: the match has no event for step '${String(skip.stepName)}' to skip to`,
        );
      }
      return found;
    }
  }
}
