/**
 * Parameter validation (src/figure/params): the same raw strings that come from controls and URLs are accepted
 * or refused with a message naming the parameter, the throwing form throws RangeError, and the URL form writes
 * only what differs from the defaults and reads back to the same parameters.
 */
import { describe, expect, it } from 'vitest';
import type { ParamSpecs, Params } from '../../src/figure/contract';
import { checkParams, checkValue, defaults, fromSearch, sameParams, toSearch, validParams } from '../../src/figure/params';
import fig2 from '../../figures/fig2-alpha/figure';

const specs: ParamSpecs = {
  rate: { kind: 'number', label: 'Step size', default: 0.5, min: 1e-4, max: 10, unit: 'units' },
  width: { kind: 'number', label: 'Hidden width', default: 16, min: 2, max: 100, integer: true },
  act: {
    kind: 'choice',
    label: 'Activation',
    default: 'tanh',
    options: [
      { value: 'tanh', label: 'tanh' },
      { value: 'relu', label: 'ReLU' },
    ],
  },
};

const ID = 'figX';

function refused(name: string, raw: unknown): string {
  const checked = checkParams(specs, { [name]: raw });
  expect(checked.ok, `${name} = ${JSON.stringify(raw)} should be refused`).toBe(false);
  if (checked.ok) throw new Error('unreachable');
  expect(Object.keys(checked.errors)).toEqual([name]);
  return checked.errors[name];
}

describe('defaults', () => {
  it('takes each spec default', () => {
    expect(defaults(specs)).toEqual({ rate: 0.5, width: 16, act: 'tanh' });
  });

  it('checkParams with no raw values gives the defaults', () => {
    expect(checkParams(specs, {})).toEqual({ ok: true, params: { rate: 0.5, width: 16, act: 'tanh' } });
  });
});

describe('refused values name the parameter', () => {
  it.each(['abc', '', '1e', '0x10', 'NaN', 'Infinity', '-Infinity', '1,5', '1e999', '   '])(
    'non-numeric or non-finite %j',
    (raw) => {
      expect(refused('rate', raw)).toContain('Step size');
      expect(checkValue(specs.rate, raw).ok).toBe(false);
    },
  );

  it.each([NaN, Infinity, -Infinity, null, undefined, true])('non-numeric raw value %s', (raw) => {
    expect(refused('width', raw)).toContain('Hidden width');
  });

  it.each(['-1', '-0.5', '0', '1e-5', '10.000001', '11', '1e3'])('out of range %j', (raw) => {
    const message = refused('rate', raw);
    expect(message).toContain('Step size');
    expect(message).toContain('10'); // the bound is shown
  });

  it.each(['1', '101', '-5'])('integer out of range %j', (raw) => {
    expect(refused('width', raw)).toContain('Hidden width');
  });

  it.each(['2.5', '16.1', '1e-1'])('non-integer %j for an integer parameter', (raw) => {
    const message = refused('width', raw);
    expect(message).toContain('Hidden width');
    expect(message).toMatch(/whole/);
  });

  it.each(['sigmoid', 'TANH', '', ' tanh'])('bad choice %j', (raw) => {
    const message = refused('act', raw);
    expect(message).toContain('Activation');
    expect(message).toContain('tanh');
    expect(message).toContain('relu');
  });

  it('an unknown parameter name is an error that names it', () => {
    const message = refused('widht', '16');
    expect(message).toContain('widht');
  });

  it('reports every bad value at once', () => {
    const checked = checkParams(specs, { rate: 'x', width: '2.5', act: 'elu', other: '1' });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(Object.keys(checked.errors).sort()).toEqual(['act', 'other', 'rate', 'width']);
  });

  // Names inherited from Object.prototype are not parameters either: `?figX.constructor=1` in a URL must be
  // reported like any other mistyped name (a plain `specs[name]` lookup would find Object.prototype's members).
  it.each(['constructor', 'toString', 'hasOwnProperty'])('an inherited name %j is unknown, too', (name) => {
    const checked = checkParams(specs, { [name]: '1' });
    expect(checked.ok).toBe(false);
  });
});

describe('accepted values', () => {
  it.each([
    ['rate', '1e-3', 0.001],
    ['rate', ' 5 ', 5],
    ['rate', '+2', 2],
    ['rate', '.5', 0.5],
    ['rate', '5.', 5],
    ['rate', '1E1', 10],
    ['rate', 0.25, 0.25],
    ['rate', '1e-4', 1e-4],
    ['width', '2', 2],
    ['width', '100', 100],
    ['width', '1e1', 10],
    ['width', '3.0', 3],
    ['width', 42, 42],
    ['act', 'relu', 'relu'],
  ] as const)('%s = %j gives %j', (name, raw, value) => {
    const checked = checkValue(specs[name], raw);
    expect(checked).toEqual({ ok: true, value });
    const all = checkParams(specs, { [name]: raw });
    expect(all.ok).toBe(true);
    if (all.ok) expect(all.params).toEqual({ ...defaults(specs), [name]: value });
  });

  it('a number value is a number, not the raw string', () => {
    const checked = checkValue(specs.width, ' 7 ');
    expect(checked.ok && typeof checked.value).toBe('number');
  });
});

describe('validParams', () => {
  it('returns the checked parameters', () => {
    expect(validParams(specs, { width: '8' })).toEqual({ rate: 0.5, width: 8, act: 'tanh' });
  });

  it('throws RangeError with the messages for invalid values', () => {
    expect(() => validParams(specs, { width: 'abc' })).toThrow(RangeError);
    expect(() => validParams(specs, { width: 'abc' })).toThrow(/Hidden width/);
    expect(() => validParams(specs, { bogus: '1' })).toThrow(RangeError);
  });
});

describe('sameParams', () => {
  it('compares every key of both sides', () => {
    expect(sameParams({ a: 1, b: 'x' }, { b: 'x', a: 1 })).toBe(true);
    expect(sameParams({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameParams({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameParams({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameParams({ a: 1, b: 2 }, { a: 1 })).toBe(false);
  });
});

describe('URL form', () => {
  it('writes only non-default values, under "<figure id>.<name>"', () => {
    const search = new URLSearchParams();
    toSearch(ID, specs, { rate: 0.5, width: 32, act: 'relu' }, search);
    expect([...search.entries()].sort()).toEqual([
      [`${ID}.act`, 'relu'],
      [`${ID}.width`, '32'],
    ]);
  });

  it('writes nothing for the defaults and removes stale entries of the figure', () => {
    const search = new URLSearchParams(`${ID}.width=32&${ID}.rate=2`);
    toSearch(ID, specs, defaults(specs), search);
    expect(search.toString()).toBe('');
  });

  it('leaves other query keys (and other figures) alone', () => {
    const search = new URLSearchParams(`q=hello&other.width=5&${ID}x.width=7&${ID}.width=99`);
    toSearch(ID, specs, { rate: 2, width: 16, act: 'tanh' }, search);
    expect(search.get('q')).toBe('hello');
    expect(search.get('other.width')).toBe('5');
    expect(search.get(`${ID}x.width`)).toBe('7');
    expect(search.get(`${ID}.width`)).toBeNull();
    expect(search.get(`${ID}.rate`)).toBe('2');
  });

  it('fromSearch reads only this figure\'s keys', () => {
    const search = new URLSearchParams(`q=1&${ID}.width=12&other.width=5&${ID}x.rate=3`);
    expect(fromSearch(ID, search)).toEqual({ width: '12' });
  });

  it.each<Params>([
    { rate: 0.5, width: 16, act: 'tanh' },
    { rate: 0.1, width: 17, act: 'relu' },
    { rate: 1e-4, width: 2, act: 'tanh' },
    { rate: 0.30000000000000004, width: 100, act: 'relu' },
    { rate: 9.999999999999998, width: 3, act: 'tanh' },
    { rate: 1.2345678901234567e-3, width: 99, act: 'tanh' },
  ])('fromSearch(toSearch(%o)) round-trips through checkParams', (params) => {
    const search = new URLSearchParams('keep=me');
    toSearch(ID, specs, params, search);
    // Through a real URL string, as a shared link would travel.
    const back = fromSearch(ID, new URLSearchParams(search.toString()));
    const checked = checkParams(specs, back);
    expect(checked).toEqual({ ok: true, params });
    if (checked.ok) expect(sameParams(checked.params, params)).toBe(true);
  });
});

describe('Figure 2 parameters', () => {
  it('its defaults validate', () => {
    const d = defaults(fig2.params);
    expect(checkParams(fig2.params, d)).toEqual({ ok: true, params: d });
    // and as strings, as they would come from a URL
    const asStrings = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)]));
    expect(checkParams(fig2.params, asStrings)).toEqual({ ok: true, params: d });
  });

  it.each([
    ['m', -5],
    ['m', 'abc'],
    ['lr', 0],
    ['epochs', 2.5],
    ['m', '8.5'],
    ['pixels', '7x7'],
  ] as const)('refuses %s = %j with a message naming it', (name, raw) => {
    const checked = checkParams(fig2.params, { [name]: raw });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors[name]).toContain(fig2.params[name].label);
    expect(() => validParams(fig2.params, { [name]: raw })).toThrow(RangeError);
  });
});
