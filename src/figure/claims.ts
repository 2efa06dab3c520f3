/**
 * Claims: the paper's statements as checks on a figure's series. A pin whose claims fail is not published.
 */
import type { FigureDefinition, Params, Series } from './contract';
import type { ClaimResult } from '../pins/pin';

/** The last value of each named series, in the order given. */
export function lastValues(series: Series, names: string[]): { name: string; value: number }[] {
  return names.map((name) => {
    const values = series[name];
    if (!values?.length) throw new Error(`Series "${name}" is missing or empty.`);
    return { name, value: values[values.length - 1] };
  });
}

export function strictlyDecreasing(points: { name: string; value: number }[], what: string) {
  const shown = points.map((p) => `${p.name} = ${p.value.toPrecision(4)}`).join(', ');
  const pass = points.every((p, i) => i === 0 || p.value < points[i - 1].value);
  return { pass, detail: `${what} ${pass ? 'decreases strictly' : 'does not decrease strictly'}: ${shown}` };
}

export function evaluateClaims(figure: FigureDefinition<any>, series: Series, params: Params): ClaimResult[] {
  return figure.claims.map((claim) => {
    try {
      return { id: claim.id, statement: claim.statement, ...claim.check(series, params) };
    } catch (error) {
      return { id: claim.id, statement: claim.statement, pass: false, detail: `check failed: ${(error as Error).message}` };
    }
  });
}
