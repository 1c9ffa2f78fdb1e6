import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Pattern } from 'sluice/cep';
import { smallThenLarge } from '../../../examples/cep/patterns/fraud.js';
import { type Ev, is } from './run.js';

const begin = (name: string) => Pattern.of<Ev>().begin(name).where(is(name));

/**
 * Checks the diagram's structure: each state is declared once, every edge joins declared states
 * (or `[*]`), and every declared state is reachable from the start.
 */
function checkStructure(text: string): void {
  const lines = text.trimEnd().split('\n');
  expect(lines[0]).toBe('stateDiagram-v2');
  const declared: string[] = [];
  const edges: [string, string][] = [];
  for (const line of lines.slice(1)) {
    const state = /^ {2}state "[^"]+" as (\w+)$/.exec(line);
    const edge = /^ {2}(\[\*\]|\w+) --> (\[\*\]|\w+)( : [^:;]+)?$/.exec(line);
    if (state !== null) declared.push(state[1] as string);
    else if (edge !== null) edges.push([edge[1] as string, edge[2] as string]);
    else expect(line).toMatch(/^ {2}%% /);
  }
  expect(new Set(declared).size).toBe(declared.length);
  for (const [from, to] of edges) {
    for (const id of [from, to]) if (id !== '[*]') expect(declared).toContain(id);
  }
  const reached = new Set<string>(['[*]']);
  for (let grew = true; grew;) {
    grew = false;
    for (const [from, to] of edges) {
      if (reached.has(from) && !reached.has(to)) {
        reached.add(to);
        grew = true;
      }
    }
  }
  for (const id of declared) expect(reached, `state ${id} is unreachable`).toContain(id);
}

describe('Pattern.explain', () => {
  it('a next b', () => {
    const text = begin('a').next('b').where(is('b')).explain();
    expect(text).toBe(
      [
        'stateDiagram-v2',
        '  state "a" as s0',
        '  state "b" as s1',
        '  state "final" as final',
        '  [*] --> s0',
        '  s0 --> s1 : take a',
        '  s1 --> final : take b',
        '  final --> [*]',
        '',
      ].join('\n'),
    );
    checkStructure(text);
  });

  it('a followedBy b+ followedBy c', () => {
    const text = begin('a')
      .followedBy('b')
      .where(is('b'))
      .oneOrMore()
      .followedBy('c')
      .where(is('c'))
      .explain();
    expect(text).toBe(
      [
        'stateDiagram-v2',
        '  state "a" as s0',
        '  state "b" as s1',
        '  state "b[]" as s1_loop',
        '  state "c" as s2',
        '  state "final" as final',
        '  [*] --> s0',
        '  s0 --> s1 : take a',
        '  s1 --> s1_loop : take b',
        '  s1 --> s1 : ignore (not b)',
        '  s1_loop --> s1_loop : take b',
        '  s1_loop --> s1_loop : ignore (not b)',
        '  s1_loop --> s2 : proceed',
        '  s2 --> final : take c',
        '  s2 --> s2 : ignore (not c)',
        '  final --> [*]',
        '',
      ].join('\n'),
    );
    checkStructure(text);
  });

  it('a notFollowedBy x followedBy b, and a trailing notFollowedBy with within', () => {
    const middle = begin('a').notFollowedBy('x').where(is('x')).followedBy('b').where(is('b'));
    expect(middle.explain()).toBe(
      [
        'stateDiagram-v2',
        '  state "a" as s0',
        '  state "notFollowedBy x" as s1',
        '  state "b" as s2',
        '  state "final" as final',
        '  state "stop" as stop',
        '  [*] --> s0',
        '  s0 --> s1 : take a',
        '  s1 --> stop : take x',
        '  s1 --> s2 : proceed (not x)',
        '  s2 --> final : take b',
        '  s2 --> s2 : ignore (not b, not x)',
        '  final --> [*]',
        '',
      ].join('\n'),
    );
    checkStructure(middle.explain());
    const trailing = begin('a').notFollowedBy('x').where(is('x')).within(10);
    expect(trailing.explain()).toBe(
      [
        'stateDiagram-v2',
        '  %% within 10 ms (firstAndLast)',
        '  state "a" as s0',
        '  state "notFollowedBy x" as s1',
        '  state "final" as final',
        '  state "stop" as stop',
        '  [*] --> s0',
        '  s0 --> s1 : take a',
        '  s1 --> stop : take x',
        '  s1 --> s1 : ignore (not x)',
        '  s1 --> final : proceed (after within)',
        '  final --> [*]',
        '',
      ].join('\n'),
    );
    checkStructure(trailing.explain());
  });

  it('renders quantifiers, contiguities, until, notNext and optional steps', () => {
    const p = begin('a')
      .followedByAny('b')
      .where(is('b'))
      .times(2, 3)
      .allowCombinations()
      .notNext('n')
      .where(is('n'))
      .next('c')
      .where(is('c'))
      .timesOrMore(2)
      .consecutive()
      .greedy()
      .until(is('u'))
      .followedBy('d')
      .optional();
    const text = p.explain();
    expect(text).toContain('state "b[2..3]" as s1_loop');
    expect(text).toContain('s1 --> s1 : ignore (any event)');
    expect(text).toContain('s1_loop --> s1_loop : ignore (any event)');
    expect(text).toContain('s1_loop --> s2 : proceed (after 2)');
    expect(text).toContain('s2 --> stop : take n');
    expect(text).toContain('s2 --> s3 : proceed (not n)');
    expect(text).toContain('s3_loop --> s3_loop : take c unless until (greedy)');
    expect(text).not.toContain('s3_loop --> s3_loop : ignore'); // consecutive
    expect(text).not.toContain('s3 --> s3 : ignore'); // next
    expect(text).toContain('s4 --> final : proceed (optional)');
    checkStructure(text);
    expect(p.explain()).toBe(text); // deterministic
  });

  it('keeps step names from breaking the syntax', () => {
    const text = Pattern.of<Ev>().begin('say "hi"; then: go').explain();
    expect(text).toContain(`state "say 'hi'_ then_ go" as s0`);
    checkStructure(text);
  });

  it("is what docs/cep-patterns.md shows for the fraud example's pattern", () => {
    const doc = readFileSync(new URL('../../../docs/cep-patterns.md', import.meta.url), 'utf8');
    const block = /```mermaid\n([^`]*)```/.exec(doc)?.[1];
    expect(block).toBe(smallThenLarge.explain());
    checkStructure(smallThenLarge.explain());
  });

  it('a group: a state per copy of its steps, a looping group back to its first step', () => {
    const group = begin('b').followedBy('c').where(is('c'));
    const text = begin('a').next(group).timesOrMore(2).followedBy('d').where(is('d')).explain();
    const lines = text.split('\n');
    for (const line of [
      '  state "b #2" as s3',
      '  state "c #3" as s6',
      '  s2 --> s3 : take c',
      '  s5 --> s7 : proceed (optional)',
      '  s6 --> s5 : take c',
      '  s7 --> final : take d',
    ]) {
      expect(lines).toContain(line);
    }
    checkStructure(text);
  });

  it('an optional group: proceed edges skip to its exit', () => {
    const group = begin('b').followedBy('c').where(is('c'));
    const text = begin('a').followedBy(group).optional().next('d').where(is('d')).explain();
    expect(text.split('\n')).toContain('  s1 --> s3 : proceed (optional)');
    checkStructure(text);
  });
});
