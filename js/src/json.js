// JSON in the guest's number dialect.
//
// The guest tells integers from floats by their text: a float always has a
// fraction or an exponent (1.0, 1.0E300), an integer never does. JSON.parse
// and JSON.stringify lose that distinction, so this module reads and writes
// the documents that cross the boundary itself:
//
// - parse: an integer becomes a number when it is a safe integer
//   (|n| <= 2^53-1) and a BigInt beyond that, so no integer the guest sends
//   (int64) is silently rounded; a float becomes a number.
// - encode: a BigInt or a safe-integer number goes as an integer; any other
//   finite number goes as a float. JavaScript has one number type, so 1.0
//   given by a tool reaches the program as the integer 1.

/** Thrown by encode for a value that has no JSON form for the guest. */
export class EncodeError extends Error {}

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/**
 * encode writes v as JSON for the guest. where names the value in error
 * messages (e.g. "data/orders").
 */
export function encode(v, where = 'value') {
  const out = [];
  write(v, out, where, 0);
  return out.join('');
}

function write(v, out, where, depth) {
  if (depth > 10000) throw new EncodeError(`${where} is nested too deeply (over 10000 levels)`);
  switch (typeof v) {
    case 'string':
      out.push(JSON.stringify(v));
      return;
    case 'boolean':
      out.push(v ? 'true' : 'false');
      return;
    case 'undefined':
      out.push('null');
      return;
    case 'bigint':
      if (v > MAX_INT64 || v < MIN_INT64) {
        throw new EncodeError(`${where}: the integer ${v} does not fit in 64 bits, the interpreter's integer size`);
      }
      out.push(v.toString());
      return;
    case 'number':
      out.push(numberText(v, where));
      return;
    case 'object':
      break;
    default:
      throw new EncodeError(`${where}: a ${typeof v} cannot be passed to a program; pass data (strings, numbers, booleans, null, arrays, plain objects)`);
  }
  if (v === null) {
    out.push('null');
  } else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((x, i) => {
      if (i > 0) out.push(',');
      write(x, out, `${where}[${i}]`, depth + 1);
    });
    out.push(']');
  } else if (v instanceof Map) {
    out.push('{');
    let first = true;
    for (const [k, x] of v) {
      if (typeof k !== 'string') throw new EncodeError(`${where}: a Map key must be a string, got ${typeof k}`);
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(k), ':');
      write(x, out, `${where}.${k}`, depth + 1);
    }
    out.push('}');
  } else if (v instanceof Set) {
    write([...v], out, where, depth);
  } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
    out.push('{');
    let first = true;
    for (const k of Object.keys(v)) {
      if (!first) out.push(',');
      first = false;
      out.push(JSON.stringify(k), ':');
      write(v[k], out, `${where}.${k}`, depth + 1);
    }
    out.push('}');
  } else {
    const name = v.constructor?.name ?? 'object';
    throw new EncodeError(`${where}: a ${name} cannot be passed to a program; convert it to data first (e.g. a Date to its ISO string)`);
  }
}

function numberText(n, where) {
  if (!Number.isFinite(n)) {
    throw new EncodeError(`${where}: ${n} has no JSON form; pass null or a string instead`);
  }
  if (Number.isSafeInteger(n)) return Object.is(n, -0) ? '0' : String(n);
  if (Number.isInteger(n)) return n.toExponential(); // 2^60 as a number: a float, it is inexact anyway
  return String(n); // 2.5, 1e-7, 1.5e+300: a fraction or an exponent
}

/** Thrown by parse on text that is not JSON. */
export class ParseError extends Error {}

/** parse reads one JSON document in the guest's number dialect. */
export function parse(text) {
  const p = { s: text, i: 0 };
  const v = value(p, 0);
  ws(p);
  if (p.i !== p.s.length) fail(p, 'text after the document');
  return v;
}

function fail(p, what) {
  throw new ParseError(`bad JSON from the guest at offset ${p.i}: ${what}`);
}

function ws(p) {
  const s = p.s;
  let i = p.i;
  for (;;) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else break;
  }
  p.i = i;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

function value(p, depth) {
  if (depth > 100000) fail(p, 'nested too deeply');
  ws(p);
  const c = p.s[p.i];
  switch (c) {
    case '{': {
      p.i++;
      const obj = {};
      ws(p);
      if (p.s[p.i] === '}') {
        p.i++;
        return obj;
      }
      for (;;) {
        ws(p);
        if (p.s[p.i] !== '"') fail(p, 'expected a string key');
        const k = str(p);
        ws(p);
        if (p.s[p.i] !== ':') fail(p, "expected ':'");
        p.i++;
        const v = value(p, depth + 1);
        if (k === '__proto__') Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[k] = v;
        ws(p);
        if (p.s[p.i] === ',') {
          p.i++;
          continue;
        }
        if (p.s[p.i] === '}') {
          p.i++;
          return obj;
        }
        fail(p, "expected ',' or '}'");
      }
    }
    case '[': {
      p.i++;
      const arr = [];
      ws(p);
      if (p.s[p.i] === ']') {
        p.i++;
        return arr;
      }
      for (;;) {
        arr.push(value(p, depth + 1));
        ws(p);
        if (p.s[p.i] === ',') {
          p.i++;
          continue;
        }
        if (p.s[p.i] === ']') {
          p.i++;
          return arr;
        }
        fail(p, "expected ',' or ']'");
      }
    }
    case '"':
      return str(p);
    case 't':
      return literal(p, 'true', true);
    case 'f':
      return literal(p, 'false', false);
    case 'n':
      return literal(p, 'null', null);
    default: {
      NUMBER.lastIndex = p.i;
      const m = NUMBER.exec(p.s);
      if (!m) fail(p, 'unexpected character');
      p.i = NUMBER.lastIndex;
      if (m[1] !== undefined || m[2] !== undefined) return Number(m[0]);
      const n = Number(m[0]);
      return Number.isSafeInteger(n) ? n : BigInt(m[0]);
    }
  }
}

function str(p) {
  STRING.lastIndex = p.i;
  const m = STRING.exec(p.s);
  if (!m) fail(p, 'bad string');
  p.i = STRING.lastIndex;
  return m[0].indexOf('\\') < 0 ? m[0].slice(1, -1) : JSON.parse(m[0]);
}

function literal(p, word, v) {
  if (p.s.startsWith(word, p.i)) {
    p.i += word.length;
    return v;
  }
  fail(p, 'unexpected word');
}
