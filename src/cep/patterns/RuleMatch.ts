/**
 * What a rule of a dynamic rule set matched: each step's event, `undefined` for an optional step
 * that took none, an array for a loop. The rules of one set can have any steps, so the content is
 * typed by their common event type only; narrow it by `ruleId` where the rule is known.
 */
export type RuleMatchContent<T> = Readonly<Record<string, T | readonly T[] | undefined>>;

/** A match of one rule of `CEP.dynamic`, saying which rule and which version of it produced it. */
export class RuleMatch<T> {
  constructor(
    /** The rule's id, as given to `CEP.dynamic` or `control.add`. */
    readonly ruleId: string,
    /** Its version: 1 when added, one more on every `swap`. */
    readonly version: number,
    /** The events, keyed by step name. */
    readonly match: RuleMatchContent<T>,
  ) {}
}
