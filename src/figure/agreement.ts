/**
 * Agreement of a rerun with a pin (DESIGN.md, "verification"): on wasm and cpu the series must be bitwise equal;
 * on WebGL and on WebGPU each rule's measured deviation must be within the tolerance it declares for that backend.
 * The deviation is returned, not just the verdict, so the page can show how close the run came.
 */
import type { AgreementRule, FigureDefinition, Series } from './contract';

export type Verdict = 'bitwise' | 'within-tolerance' | 'differs';

export interface RuleDeviation {
  series: string[];
  measure: AgreementRule['measure'];
  tolerance: number;
  deviation: number;
  worst: string;
}

export interface Agreement {
  verdict: Verdict;
  /** Each rule's measured deviation; empty when the series are bitwise equal. */
  rules: RuleDeviation[];
  /** Why the verdict is "differs" in words, when it is. */
  reason?: string;
}

/**
 * The tolerance a rule allows on a backend: its own entry on a GPU backend; undefined on the others (wasm, cpu, and
 * "js" for a plain-JavaScript figure), which must reproduce the pin bit for bit.
 */
export function toleranceFor(rule: AgreementRule, backend: string): number | undefined {
  if (backend === 'webgl') return rule.webgl;
  if (backend === 'webgpu') return rule.webgpu;
  return undefined;
}

function covers(rule: AgreementRule, name: string): boolean {
  return rule.series.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p));
}

function bitwiseEqual(a: Series, b: Series): boolean {
  const names = Object.keys(b);
  if (Object.keys(a).length !== names.length) return false;
  return names.every((n) => a[n]?.length === b[n].length && b[n].every((v, i) => Object.is(v, a[n][i])));
}

export function compareWithPin(figure: FigureDefinition<any>, backend: string, run: Series, pin: Series): Agreement {
  if (bitwiseEqual(run, pin)) return { verdict: 'bitwise', rules: [] };
  const missing = Object.keys(pin).filter((n) => run[n]?.length !== pin[n].length);
  if (missing.length) return { verdict: 'differs', rules: [], reason: `series of other shape: ${missing.join(', ')}` };
  const uncovered = Object.keys(pin).filter((n) => !figure.agreement.some((r) => covers(r, n)));
  const unequal = uncovered.filter((n) => pin[n].some((v, i) => !Object.is(v, run[n][i])));
  if (unequal.length) return { verdict: 'differs', rules: [], reason: `series without tolerance differ: ${unequal.join(', ')}` };
  const rules = figure.agreement.map((rule): RuleDeviation => {
    let deviation = 0;
    let worst = '';
    for (const name of Object.keys(pin).filter((n) => covers(rule, n))) {
      pin[name].forEach((expected, i) => {
        const diff = Math.abs(run[name][i] - expected);
        const d = rule.measure === 'relative' && diff !== 0 ? diff / Math.abs(expected) : diff;
        if (d > deviation || Number.isNaN(d)) {
          deviation = Number.isNaN(d) ? Infinity : d;
          worst = `${name} at index ${i}`;
        }
      });
    }
    return { series: rule.series, measure: rule.measure, tolerance: toleranceFor(rule, backend) ?? 0, deviation, worst };
  });
  if (figure.agreement.some((rule) => toleranceFor(rule, backend) === undefined)) {
    return { verdict: 'differs', rules, reason: `a run on ${backend} must reproduce the pin bit for bit` };
  }
  const over = rules.filter((r) => !(r.deviation <= r.tolerance));
  if (over.length) {
    return { verdict: 'differs', rules, reason: over.map((r) => `${r.worst} is off by ${r.deviation.toExponential(2)}`).join('; ') };
  }
  return { verdict: 'within-tolerance', rules };
}
