// A type test: `npm run typecheck` compiles this file, and each `@ts-expect-error` line must fail
// to compile, or the check fails. Nothing here runs.
import { Flow, type NotUsed, Sink, Source } from 'sluice';

declare const numbers: Source<number, NotUsed>;
declare const unknowns: Source<unknown, NotUsed>;
declare const anySink: Sink<unknown, Promise<void>>;
declare const numberSink: Sink<number, Promise<number[]>>;
declare const anyToString: Flow<unknown, string, NotUsed>;
declare const numberToString: Flow<number, string, NotUsed>;

// Inputs are contravariant: what takes anything takes numbers.
export const ran: Promise<void> = numbers.runWith(anySink);
numbers.to(anySink) satisfies { run(): NotUsed };
numbers.toMat(anySink, (_left, right) => right) satisfies { run(): Promise<void> };
numbers.via(anyToString) satisfies Source<string, NotUsed>;
Flow.create<number>().via(anyToString) satisfies Flow<number, string, NotUsed>;
Flow.create<number>().to(anySink) satisfies Sink<number, NotUsed>;
export const narrowedSink: Sink<number, Promise<void>> = anySink;
export const narrowedFlow: Flow<number, string, NotUsed> = anyToString;

// Outputs are covariant: a source of numbers is a source of unknowns, a flow to strings a flow to
// unknowns.
export const widenedSource: Source<unknown, NotUsed> = numbers;
export const widenedFlow: Flow<number, unknown, NotUsed> = numberToString;

// What must not compile.
// @ts-expect-error a sink of numbers cannot take a source's unknown elements
void unknowns.runWith(numberSink);
// @ts-expect-error a flow from numbers cannot follow a source of unknowns
unknowns.via(numberToString);
// @ts-expect-error inputs do not widen: a sink of numbers is not a sink of anything
export const widenedSink: Sink<unknown, Promise<number[]>> = numberSink;
// @ts-expect-error outputs do not narrow: a source of unknowns is not a source of numbers
export const narrowedSource: Source<number, NotUsed> = unknowns;
// @ts-expect-error a flow to strings does not emit numbers
export const wrongOutput: Flow<number, number, NotUsed> = numberToString;
// @ts-expect-error the materialized value is covariant too: void is not number[]
export const wrongMat: Promise<number[]> = numbers.runWith(anySink);
