/**
 * Generates `src/testkit/broker/protocol/messages.generated.ts` from the Kafka message
 * schemas (`*.json`, which carry `//` comments). The broker must not read the schemas at
 * run time because users of the package do not have them, so the output is committed.
 *
 * Usage: `npx tsx scripts/gen-kafka-protocol.ts [schemaDir] [outFile]`
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';

const root = resolve(fileURLToPath(import.meta.url), '../..');
// The schemas sit beside the project, in the shared folder the team keeps next to this repository.
const schemaDir = process.argv[2] ?? resolve(root, '../shared/kafka-protocol');
const outFile = process.argv[3] ?? join(root, 'src/testkit/broker/protocol/messages.generated.ts');

const MAX_VERSION = 0x7fff;
const PRIMITIVES = new Set([
  'bool',
  'int8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'float64',
  'string',
  'uuid',
  'bytes',
  'records',
]);

interface JsonField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number;
  flexibleVersions?: string;
  default?: string | number | boolean;
  fields?: JsonField[];
}

interface JsonMessage {
  name: string;
  type: 'request' | 'response' | 'header';
  apiKey?: number;
  validVersions: string;
  flexibleVersions: string;
  fields: JsonField[];
  commonStructs?: { name: string; fields: JsonField[] }[];
}

/** Removes `//` comments outside string literals. */
function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

/** `"3+"` → `[3, MAX]`, `"0-7"` → `[0, 7]`, `"2"` → `[2, 2]`, `"none"` → `[1, 0]` (empty). */
function range(spec: string): [number, number] {
  if (spec === 'none') return [1, 0];
  if (spec.endsWith('+')) return [Number(spec.slice(0, -1)), MAX_VERSION];
  const [lo, hi] = spec.split('-');
  const min = Number(lo);
  const max = hi === undefined ? min : Number(hi);
  if (!Number.isInteger(min) || !Number.isInteger(max)) throw new Error(`bad version spec ${spec}`);
  return [min, max];
}

const camel = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const fmtRange = (r: [number, number]): string => `[${r[0]}, ${r[1]}]`;

function tsPrimitive(type: string): string {
  switch (type) {
    case 'bool':
      return 'boolean';
    case 'int64':
      return 'bigint';
    case 'string':
    case 'uuid':
      return 'string';
    case 'bytes':
      return 'Buffer';
    case 'records':
      return 'Buffer | null';
    default:
      return 'number';
  }
}

/** Parses a schema default into the literal the generated file should hold. */
function defaultLiteral(field: JsonField, elemType: string): string | undefined {
  const d = field.default;
  if (d === undefined) return undefined;
  if (d === 'null') return 'null';
  if (elemType === 'bool') return String(d === true || d === 'true');
  if (elemType === 'string') return JSON.stringify(String(d));
  if (elemType === 'int64') return `${BigInt(String(d)).toString()}n`;
  if (elemType === 'float64') return String(Number(d));
  const n = Number(d);
  if (!Number.isFinite(n)) throw new Error(`bad default ${String(d)} for ${field.name}`);
  // 0x7fffffff style defaults stay in range; int16/32 defaults are written as decimals.
  return String(n);
}

class Generator {
  readonly interfaces: string[] = [];
  readonly schemas: string[] = [];
  readonly typeNames = new Set<string>();
  private common = new Map<string, JsonField[]>();
  /** Struct type names already emitted for the current message (common structs repeat). */
  private emitted = new Set<string>();

  message(msg: JsonMessage): void {
    this.common = new Map((msg.commonStructs ?? []).map((s) => [s.name, s.fields]));
    this.emitted = new Set();
    const optionalStyle = msg.type === 'response';
    this.struct(msg.name, msg.name, msg.fields, optionalStyle);
    const apiKey = msg.apiKey ?? -1;
    this.schemas.push(
      `/** Schema of ${msg.name}. */\n` +
        `export const ${msg.name}: MessageSchema<${msg.name}> = {\n` +
        `  name: '${msg.name}',\n  apiKey: ${apiKey},\n  kind: '${msg.type}',\n` +
        `  validVersions: ${fmtRange(range(msg.validVersions))},\n` +
        `  flexibleVersions: ${fmtRange(range(msg.flexibleVersions))},\n` +
        `  fields: ${this.fieldList(msg.fields, '  ')},\n};\n`,
    );
  }

  private structName(messageName: string, structName: string): string {
    if (structName.startsWith(messageName)) return structName;
    const base = messageName.replace(/(Request|Response|Header)$/, '');
    const rest = structName.slice(base.length);
    // Strip the base only at a word boundary: FetchableTopic must not become …ableTopic.
    if (structName.startsWith(base) && /^[A-Z]/.test(rest)) return messageName + rest;
    return messageName + structName;
  }

  private struct(
    messageName: string,
    typeName: string,
    fields: JsonField[],
    optionalStyle: boolean,
  ): void {
    if (this.typeNames.has(typeName)) throw new Error(`duplicate type name ${typeName}`);
    this.typeNames.add(typeName);
    this.emitted.add(typeName);
    const lines: string[] = [];
    for (const f of fields) {
      const isArray = f.type.startsWith('[]');
      const elem = isArray ? f.type.slice(2) : f.type;
      let ts: string;
      if (PRIMITIVES.has(elem)) {
        ts = tsPrimitive(elem);
      } else {
        const sub = this.structFields(f, elem);
        ts = this.structName(messageName, elem);
        if (!this.emitted.has(ts)) this.struct(messageName, ts, sub, optionalStyle);
      }
      if (isArray) ts = ts.includes('|') ? `(${ts})[]` : `${ts}[]`;
      if (f.nullableVersions !== undefined && !ts.endsWith('| null')) ts += ' | null';
      const required =
        !optionalStyle ||
        (f.versions === '0+' &&
          f.tag === undefined &&
          f.default === undefined &&
          f.nullableVersions === undefined);
      lines.push(`  /** Versions ${f.versions}${f.tag === undefined ? '' : `, tag ${f.tag}`}. */`);
      lines.push(`  ${camel(f.name)}${required ? '' : '?'}: ${ts};`);
    }
    this.interfaces.push(`export interface ${typeName} {\n${lines.join('\n')}\n}\n`);
  }

  private structFields(f: JsonField, elem: string): JsonField[] {
    const sub = f.fields ?? this.common.get(elem);
    if (sub === undefined) throw new Error(`struct ${elem} of field ${f.name} has no fields`);
    return sub;
  }

  private fieldList(fields: JsonField[], indent: string): string {
    const inner = indent + '  ';
    const items = fields.map((f) => {
      const isArray = f.type.startsWith('[]');
      const elem = isArray ? f.type.slice(2) : f.type;
      const isPrimitive = PRIMITIVES.has(elem);
      const parts = [
        `name: '${camel(f.name)}'`,
        `type: '${isPrimitive ? elem : 'struct'}'`,
        `isArray: ${isArray}`,
        `versions: ${fmtRange(range(f.versions))}`,
      ];
      if (f.nullableVersions !== undefined) {
        if (!isPrimitive && !isArray) throw new Error(`nullable struct ${f.name} is unsupported`);
        parts.push(`nullableVersions: ${fmtRange(range(f.nullableVersions))}`);
      }
      if (f.tag !== undefined) {
        parts.push(`tag: ${f.tag}`, `taggedVersions: ${fmtRange(range(f.taggedVersions ?? ''))}`);
      }
      if (f.flexibleVersions !== undefined) {
        parts.push(`flexibleVersions: ${fmtRange(range(f.flexibleVersions))}`);
      }
      const def = isArray ? undefined : defaultLiteral(f, elem);
      if (def !== undefined) parts.push(`defaultValue: ${def}`);
      if (!isPrimitive) parts.push(`fields: ${this.fieldList(this.structFields(f, elem), inner)}`);
      return `${inner}{ ${parts.join(', ')} }`;
    });
    return items.length === 0 ? '[]' : `[\n${items.join(',\n')},\n${indent}]`;
  }
}

function load(file: string): JsonMessage {
  const parsed: unknown = JSON.parse(stripComments(readFileSync(join(schemaDir, file), 'utf8')));
  // The schema files are trusted input with a fixed shape; one checked cast is enough.
  if (typeof parsed !== 'object' || parsed === null || !('name' in parsed)) {
    throw new Error(`${file} is not a message schema`);
  }
  return parsed as JsonMessage;
}

const files = readdirSync(schemaDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const gen = new Generator();
const apis = new Map<number, { name: string; request?: string; response?: string }>();
for (const file of files) {
  const msg = load(file);
  gen.message(msg);
  if (msg.apiKey !== undefined) {
    const name = msg.name.replace(/(Request|Response)$/, '');
    const entry = apis.get(msg.apiKey) ?? { name };
    if (msg.type === 'request') entry.request = msg.name;
    else entry.response = msg.name;
    apis.set(msg.apiKey, entry);
  }
}

const apiLines = [...apis.entries()]
  .sort((a, b) => a[0] - b[0])
  .map(([key, a]) => {
    if (a.request === undefined || a.response === undefined) {
      throw new Error(`api ${key} lacks a request or response schema`);
    }
    return `  [${key}, { name: '${a.name}', request: ${a.request}, response: ${a.response} }],`;
  });

const out = `// Generated by scripts/gen-kafka-protocol.ts from the Kafka message schemas. Do not edit;
// re-run \`npx tsx scripts/gen-kafka-protocol.ts\` instead.
import type { MessageSchema } from './schema.js';

${gen.interfaces.join('\n')}
${gen.schemas.join('\n')}
/** Request and response schemas of one API key. */
export interface ApiMessages {
  /** The API name without the Request/Response suffix, e.g. \`Produce\`. */
  readonly name: string;
  readonly request: MessageSchema<unknown>;
  readonly response: MessageSchema<unknown>;
}

/** Every API key that has schemas, keyed by API key. */
export const apiMessages: ReadonlyMap<number, ApiMessages> = new Map<number, ApiMessages>([
${apiLines.join('\n')}
]);
`;
// Format here so that `prettier --check` passes on the committed output without a second step.
const prettierOptions = (await resolveConfig(outFile)) ?? {};
writeFileSync(outFile, await format(out, { ...prettierOptions, filepath: outFile }));
console.log(`wrote ${outFile} (${files.length} schemas, ${apis.size} API keys)`);
