import type { CompiledPattern } from './compilePattern.js';
import type { PatternContext } from './PatternTypes.js';
import type { BufferNode } from './SharedBuffer.js';

/**
 * @internal The context of iterative conditions, one per matcher, pointed at the partial match
 * under test: it walks the shared buffer only when a condition asks.
 */
export class MatchContext<T> implements PatternContext<Record<string, unknown>> {
  node: BufferNode<T> | undefined = undefined;
  timestamp = 0;
  constructor(private readonly pattern: CompiledPattern) {}

  eventsFor(name: string): readonly never[] {
    const step = this.pattern.indexOf.get(name);
    const events: T[] = [];
    for (let n = this.node; n !== undefined; n = n.prev) {
      if (n.step === step) events.push(n.entry.event);
    }
    return events.reverse() as never[];
  }
}

/**
 * @internal The match object of a path in the shared buffer: every step's entry, `undefined` or
 * `[]` for steps it did not reach.
 */
export function buildMatch<T>(
  pattern: CompiledPattern,
  last: BufferNode<T> | undefined,
): Record<string, unknown> {
  const slots = pattern.slots;
  const match: Record<string, unknown> = {};
  for (const s of slots) match[s.name] = s.entry === 'many' ? [] : undefined;
  for (let n = last; n !== undefined; n = n.prev) {
    const s = slots[n.step];
    if (s === undefined) continue;
    if (s.entry === 'many') (match[s.name] as T[]).push(n.entry.event);
    else match[s.name] = n.entry.event;
  }
  for (const s of slots) if (s.entry === 'many') (match[s.name] as T[]).reverse();
  return match;
}
