import { Finding, WirePath, closest, error, formatPath, isToken, shortKey, show, showSeconds, showWithLength, warning } from './core';
import { SERVICE_SHAPES, ServiceShape } from './service-model.generated';
import { literalLength } from './token-literals';

/** Rule ids of the generic service-model walker. */
export const MODEL_RULES = {
  required: 'SM-REQUIRED',
  unknownField: 'SM-UNKNOWN-FIELD',
  type: 'SM-TYPE',
  length: 'SM-LENGTH',
  pattern: 'SM-PATTERN',
  enum: 'SM-ENUM',
  openEnum: 'SM-ENUM-OPEN',
  range: 'SM-RANGE',
  count: 'SM-COUNT',
} as const;

/**
 * The enum shapes users fill through an open enum-like class, and that class. The library's
 * one policy for enum-like values: a class with a static `of()` is an open set (SageMaker adds
 * instance types, input modes, data types and strategies over time), so a value outside the
 * model's enum passes with a warning (`SM-ENUM-OPEN`, with a "did you mean"); every other enum
 * of the API is a closed TypeScript enum, and a value outside it is an error (`SM-ENUM`).
 */
export const OPEN_ENUM_SHAPES: Readonly<Record<string, string>> = {
  TrainingInstanceType: 'TrainingInstanceType.of()',
  TrainingInputMode: 'InputMode.of()',
  S3DataType: 'S3DataType.of()',
  HyperParameterTuningJobStrategyType: 'TuningStrategy.of()',
};

/** How to walk one part of a request. */
export interface WalkOptions {
  /** Shape of the value walked (a key of SERVICE_SHAPES). */
  readonly shape: string;
  /** API path written before the walked value's own path in messages, e.g. `TrainingJobDefinition`. */
  readonly apiPrefix?: WirePath;
  /** The user-facing name of a field, from its path relative to the walked value. */
  readonly nameOf: (path: WirePath) => string | undefined;
  /**
   * Paths (relative, indices as `[]`) whose values the walker must not check: another rule owns
   * them. Their presence, when required, is still checked here.
   */
  readonly skip?: readonly string[];
  /** Paths whose list/map size a hand-written rule checks instead (with a stricter limit). */
  readonly skipCount?: readonly string[];
  /** Required members that this part of the request leaves out on purpose (e.g. the job name). */
  readonly omitted?: readonly string[];
}

/** Bounds of the service model's `integer` type (signed 32-bit), added by the generator where the model has none. */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

const compiled = new Map<string, RegExp>();

/**
 * The service's pattern as a JavaScript RegExp, anchored at both ends as the service applies
 * it. Patterns with Unicode property escapes (`\p{L}`) need the `u` flag.
 */
export function servicePattern(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, pattern.includes('\\p{') ? 'u' : '');
    compiled.set(pattern, re);
  }
  return re;
}

const NONE: readonly string[] = [];

/** What a walk derives from its options: the sets of paths, and every leading part of them. */
interface WalkSets {
  readonly skip: ReadonlySet<string>;
  readonly skipCount: ReadonlySet<string>;
  readonly omitted: ReadonlySet<string>;
  readonly prefixes: ReadonlySet<string>;
  /** `childKey` answers already given: parent key, then member name (-1 for any list index). */
  readonly childKeys: Map<string, Map<string | number, string | undefined>>;
}

/** Members per parent `childKeys` remembers (map keys are the user's: not all of them). */
const MAX_CACHED_CHILD_KEYS = 256;

/** Per options object (the rules pass the same few, built once). */
const walkSetsCache = new WeakMap<WalkOptions, WalkSets>();

function walkSets(options: WalkOptions): WalkSets {
  let sets = walkSetsCache.get(options);
  if (!sets) {
    const paths = [...options.skip ?? [], ...options.skipCount ?? [], ...options.omitted ?? []];
    const prefixes = new Set<string>();
    for (const p of paths) {
      for (let i = 1; i <= p.length; i++) {
        prefixes.add(p.slice(0, i));
      }
    }
    sets = {
      skip: new Set(options.skip ?? []),
      skipCount: new Set(options.skipCount ?? []),
      omitted: new Set(options.omitted ?? []),
      prefixes,
      childKeys: new Map(),
    };
    walkSetsCache.set(options, sets);
  }
  return sets;
}

/**
 * A path in the walked value, built one step at a time as a chain (no array per visited
 * member); turned into a `WirePath` only for a finding's message.
 */
type Path = { readonly up: Path; readonly seg: string | number } | undefined;

function step(up: Path, seg: string | number): Path {
  return { up, seg };
}

function pathArray(at: Path): WirePath {
  const out: Array<string | number> = [];
  for (let p = at; p !== undefined; p = p.up) {
    out.push(p.seg);
  }
  return out.reverse();
}

/**
 * Checks a wire value against the SageMaker service model: required members, unknown members
 * (the SDK drops them silently), types, string lengths and patterns, enums, numeric bounds and
 * list/map sizes. Unresolved tokens are skipped.
 */
export function walkServiceModel(value: unknown, options: WalkOptions): Finding[] {
  const out: Finding[] = [];
  const { skip, skipCount, omitted, prefixes, childKeys } = walkSets(options);
  visit(value, options.shape, undefined, '');
  return out;

  function field(at: Path): string {
    const path = pathArray(at);
    const api = formatPath([...(options.apiPrefix ?? []), ...path]);
    const user = options.nameOf(path);
    return user ? `${user} (${api})` : api;
  }

  /**
   * The key (for `skip`, `skipCount` and `omitted`) of `seg` under a parent whose key is
   * `parent`: `formatPath` with indices written `[]`, built one segment at a time. Undefined
   * below the paths those name: no key there can match, so none is built.
   */
  function childKey(parent: string | undefined, seg: string | number): string | undefined {
    if (parent === undefined) {
      return undefined;
    }
    const member = typeof seg === 'number' ? -1 : seg;
    let known = childKeys.get(parent);
    if (known === undefined) {
      known = new Map();
      childKeys.set(parent, known);
    } else if (known.has(member)) {
      return known.get(member);
    }
    let k: string;
    if (typeof seg === 'number') {
      k = `${parent}[]`;
    } else {
      const short = shortKey(seg);
      k = parent === '' ? seg : `${parent}.${short.includes('[-1]') ? short.replace(/\[-1\]/g, '[]') : short}`;
    }
    const key = prefixes.has(k) ? k : undefined;
    if (known.size < MAX_CACHED_CHILD_KEYS) {
      known.set(member, key);
    }
    return key;
  }

  function visit(v: unknown, shapeName: string, path: Path, k: string | undefined): void {
    if (v === undefined || (k !== undefined && skip.has(k))) {
      return;
    }
    const shape = SERVICE_SHAPES[shapeName];
    if (isToken(v)) {
      if (typeof v === 'string' && shape.type === 'string') {
        checkTokenString(v, shape, path, '');
      }
      return;
    }
    switch (shape.type) {
      case 'structure':
        return visitStructure(v, shape, shapeName, path, k);
      case 'list':
        return visitList(v, shape, path, k);
      case 'map':
        return visitMap(v, shape, path, k);
      case 'string':
        return visitString(v, shape, shapeName, path);
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return visitNumber(v, shape, path);
      case 'boolean':
        if (typeof v !== 'boolean') {
          out.push(error(MODEL_RULES.type, `${field(path)} is ${show(v)}, but SageMaker expects true or false.`));
        }
        return;
      default:
        return;
    }
  }

  function visitStructure(v: unknown, shape: ServiceShape, shapeName: string, path: Path, k: string | undefined): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      out.push(error(MODEL_RULES.type, `${field(path)} is ${show(v)}, but SageMaker expects an object (${shapeName}).`));
      return;
    }
    const obj = v as Record<string, unknown>;
    for (const req of shape.required ?? NONE) {
      if (obj[req] === undefined && !omitted.has(childKey(k, req) as string)) {
        out.push(error(MODEL_RULES.required, `${field(step(path, req))} is missing, but SageMaker requires it in ${shapeName}.`));
      }
    }
    for (const member of Object.keys(obj)) {
      const memberValue = obj[member];
      if (memberValue === undefined) {
        continue;
      }
      const target = shape.members?.[member];
      if (!target) {
        out.push(error(MODEL_RULES.unknownField,
          `${field(step(path, member))} is not a field of ${shapeName} in the SageMaker API (known fields: ${Object.keys(shape.members ?? {}).join(', ')}); the SDK would drop it without a word.`));
        continue;
      }
      visit(memberValue, target, step(path, member), childKey(k, member));
    }
  }

  function checkCount(count: number, shape: ServiceShape, path: Path, k: string | undefined, noun: string): void {
    if (k !== undefined && skipCount.has(k)) {
      return;
    }
    if (shape.min !== undefined && count < shape.min) {
      out.push(error(MODEL_RULES.count, `${field(path)} has ${count} ${noun}, but at least ${shape.min} ${shape.min === 1 ? 'is' : 'are'} required${shape.max !== undefined ? ` (and at most ${shape.max})` : ''}.`));
    }
    if (shape.max !== undefined && count > shape.max) {
      out.push(error(MODEL_RULES.count, `${field(path)} has ${count} ${noun}, but SageMaker allows at most ${shape.max}.`));
    }
  }

  function visitList(v: unknown, shape: ServiceShape, path: Path, k: string | undefined): void {
    if (!Array.isArray(v)) {
      out.push(error(MODEL_RULES.type, `${field(path)} is ${show(v)}, but SageMaker expects a list.`));
      return;
    }
    checkCount(v.length, shape, path, k, v.length === 1 ? 'entry' : 'entries');
    const itemKey = childKey(k, 0);
    v.forEach((item, i) => visit(item, shape.member!, step(path, i), itemKey));
  }

  function visitMap(v: unknown, shape: ServiceShape, path: Path, k: string | undefined): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      out.push(error(MODEL_RULES.type, `${field(path)} is ${show(v)}, but SageMaker expects a map of strings.`));
      return;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, val]) => val !== undefined);
    checkCount(entries.length, shape, path, k, entries.length === 1 ? 'entry' : 'entries');
    for (const [name, val] of entries) {
      if (!isToken(name)) {
        checkString(name, SERVICE_SHAPES[shape.key!], step(path, name), 'key ');
      } else {
        checkTokenString(name, SERVICE_SHAPES[shape.key!], step(path, name), 'key ');
      }
      visit(val, shape.value!, step(path, name), childKey(k, name));
    }
  }

  function visitString(v: unknown, shape: ServiceShape, shapeName: string, path: Path): void {
    if (typeof v !== 'string') {
      out.push(error(MODEL_RULES.type, `${field(path)} is ${show(v)}, but SageMaker expects a string.`));
      return;
    }
    checkString(v, shape, path, '', OPEN_ENUM_SHAPES[shapeName]);
  }

  /**
   * A string holding tokens is never checked against patterns or enums, but its literal part
   * alone can already be too long: a token resolves to zero or more characters, so
   * `${token}` + 33 fixed characters exceeds a 32-character limit whatever the token holds.
   */
  function checkTokenString(v: string, shape: ServiceShape, path: Path, what: '' | 'key '): void {
    const literal = literalLength(v);
    if (shape.max === undefined || literal <= shape.max) {
      return;
    }
    const subject = what ? `the key of ${field(path)}` : field(path);
    out.push(error(MODEL_RULES.length, `${subject} has ${literal} fixed characters besides its tokens, but it must be at most ${shape.max} characters long: it is too long whatever the tokens resolve to.`));
  }

  function checkString(v: string, shape: ServiceShape, path: Path, what: '' | 'key ', openClass?: string): void {
    // Message parts are built only for a finding (show() looks for credentials in the value).
    const subjectOf = () => (what ? `the key of ${field(path)}` : field(path));
    if (shape.enum) {
      if (!shape.enum.includes(v)) {
        const guess = closest(v, shape.enum);
        const allowed = shape.enum.length <= 12
          ? shape.enum.map(e => `'${e}'`).join(', ')
          : `${shape.enum.length} values (${shape.enum.slice(0, 6).map(e => `'${e}'`).join(', ')}, ...)`;
        const suggestion = guess ? ` Did you mean '${guess}'?` : '';
        if (openClass) {
          out.push(warning(MODEL_RULES.openEnum, `${subjectOf()} is ${show(v)}, which the SageMaker API model this library was built with does not list `
            + `(it lists ${allowed}). It is sent as given: ${openClass} takes values newer than the library; if it is a typo, `
            + `SageMaker rejects the job at deploy time.${suggestion}`));
        } else {
          out.push(error(MODEL_RULES.enum, `${subjectOf()} is ${show(v)}, but it must be one of ${allowed}.${suggestion}`));
        }
      }
      return;
    }
    const length = v.length;
    if ((shape.min !== undefined && length < shape.min) || (shape.max !== undefined && length > shape.max)) {
      const bounds = shape.min !== undefined && shape.min > 0
        ? `${shape.min} to ${shape.max ?? 'any number of'} characters`
        : `at most ${shape.max} characters`;
      // a key is already named (shortened) in the subject: say its length only
      const received = what ? `${length} characters long` : showWithLength(v);
      out.push(error(MODEL_RULES.length, `${subjectOf()} is ${received}, but it must be ${bounds} long.`));
      return;
    }
    if (shape.pattern && shape.pattern !== '.*' && !servicePattern(shape.pattern).test(v)) {
      out.push(error(MODEL_RULES.pattern, `${subjectOf()} is ${show(v)}, but it must match the pattern ${shape.pattern} (the whole value).`));
    } else if (shape.pattern === '.*' && /[\n\r\u2028\u2029]/.test(v)) {
      out.push(error(MODEL_RULES.pattern, `${subjectOf()} is ${show(v)}, but it must be a single line (pattern .*): line breaks are not allowed.`));
    }
  }

  function visitNumber(v: unknown, shape: ServiceShape, path: Path): void {
    if (typeof v !== 'number' || Number.isNaN(v)) {
      out.push(error(MODEL_RULES.type, `${field(path)} is ${show(v)}, but SageMaker expects a number.`));
      return;
    }
    if (!Number.isFinite(v)) {
      // JSON has no Infinity: the request would carry null
      out.push(error(MODEL_RULES.type, `${field(path)} is ${v}, but SageMaker expects a finite number (JSON cannot carry ${v}).`));
      return;
    }
    const integral = shape.type === 'integer' || shape.type === 'long';
    if (integral && !Number.isInteger(v)) {
      out.push(error(MODEL_RULES.type, `${field(path)} is ${v}, but SageMaker expects a whole number.`));
      return;
    }
    const seconds = typeof path?.seg === 'string' && path.seg.endsWith('InSeconds');
    const fmt = (n: number) => (seconds ? showSeconds(n) : String(n));
    // Bounds that are only the 32-bit integer type's own (the generator adds them) are named as such.
    const typeMax = shape.type === 'integer' && shape.max === INT32_MAX;
    const typeMin = shape.type === 'integer' && shape.min === INT32_MIN;
    if (shape.min !== undefined && v < shape.min) {
      out.push(error(MODEL_RULES.range, `${field(path)} is ${fmt(v)}, but it must be at least ${fmt(shape.min)}${shape.max !== undefined && !typeMax ? ` and at most ${fmt(shape.max)}` : ''}${typeMin ? ' (SageMaker types it as a 32-bit integer)' : ''}.`));
    } else if (shape.max !== undefined && v > shape.max) {
      const why = typeMax ? ', the largest 32-bit integer: SageMaker types it as a 32-bit integer' : '';
      const atLeast = shape.min !== undefined && !typeMin && !typeMax ? ` (and at least ${fmt(shape.min)})` : '';
      out.push(error(MODEL_RULES.range, `${field(path)} is ${fmt(v)}, but it must be at most ${fmt(shape.max)}${why}${atLeast}.`));
    }
  }
}
