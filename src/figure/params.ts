/**
 * Parameter validation, shared by the Node builder, the browser controls and the tests, so that a value is
 * accepted or refused the same way everywhere. Raw values come from controls and URLs as strings.
 */
import type { ParamSpec, ParamSpecs, Params } from './contract';

export type Checked = { ok: true; value: number | string } | { ok: false; message: string };

export function defaults(specs: ParamSpecs): Params {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, spec.default]));
}

/** One value against its spec: a clear message for anything that is not a valid value. */
export function checkValue(spec: ParamSpec, raw: unknown): Checked {
  if (spec.kind === 'choice') {
    const value = String(raw);
    if (spec.options.some((o) => o.value === value)) return { ok: true, value };
    return { ok: false, message: `${spec.label} must be one of ${spec.options.map((o) => o.value).join(', ')}.` };
  }
  const text = typeof raw === 'number' ? String(raw) : String(raw ?? '').trim();
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    return { ok: false, message: `${spec.label} must be a number${text ? ` (got "${text}")` : ''}.` };
  }
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, message: `${spec.label} must be a finite number.` };
  if (spec.integer && !Number.isInteger(value)) {
    return { ok: false, message: `${spec.label} must be a whole number.` };
  }
  if (value < spec.min || value > spec.max) {
    const unit = spec.unit ? ` ${spec.unit}` : '';
    return { ok: false, message: `${spec.label} must be between ${spec.min} and ${spec.max}${unit}.` };
  }
  return { ok: true, value };
}

/**
 * A full parameter set from raw values (missing names take their defaults). Unknown names are errors too, so a
 * mistyped URL parameter is reported instead of silently ignored.
 */
export function checkParams(
  specs: ParamSpecs,
  raw: Record<string, unknown>,
): { ok: true; params: Params } | { ok: false; errors: Record<string, string> } {
  const params = defaults(specs);
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) {
      errors[name] = `Unknown parameter "${name}".`;
      continue;
    }
    const checked = checkValue(spec, value);
    if (checked.ok) params[name] = checked.value;
    else errors[name] = checked.message;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, params };
}

/** Throwing form for runners: a run never starts from invalid parameters. */
export function validParams(specs: ParamSpecs, raw: Record<string, unknown>): Params {
  const checked = checkParams(specs, raw);
  if (checked.ok) return checked.params;
  throw new RangeError(Object.values(checked.errors).join(' '));
}

export function sameParams(a: Params, b: Params): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** URL form: `<figure id>.<name>=<value>` for the values that differ from the defaults. */
export function toSearch(figureId: string, specs: ParamSpecs, params: Params, into: URLSearchParams): void {
  for (const name of Object.keys(specs)) into.delete(`${figureId}.${name}`);
  for (const [name, spec] of Object.entries(specs)) {
    if (params[name] !== spec.default) into.set(`${figureId}.${name}`, String(params[name]));
  }
}

export function fromSearch(figureId: string, search: URLSearchParams): Record<string, string> {
  const raw: Record<string, string> = {};
  const prefix = `${figureId}.`;
  for (const [key, value] of search) if (key.startsWith(prefix)) raw[key.slice(prefix.length)] = value;
  return raw;
}
