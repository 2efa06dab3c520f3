/**
 * The parameters and the series names of deep-degenerate-limit, shared by its experiment (./figure.ts) and its
 * panels (./plot.ts).
 */
import type { EdgeOfChaos } from '../../src/models/deep/activation';

export type DegenerateParams = { widths: string; n: number; d: number; activation: string; mu: number; seeds: number; seed: number };

/** The two scalings of the middle layer's sum; `short` names them in series keys and facets. */
export const RECIPES = [
  { id: 'sqrt', short: '1/√m', label: '1/√m (NTK parameterisation)' },
  { id: 'iid', short: '1/m', label: '1/m, fixed-variance weights' },
] as const;
export type Recipe = (typeof RECIPES)[number]['id'];
export const short = (recipe: Recipe) => RECIPES.find((r) => r.id === recipe)!.short;

/** Units of the middle layer drawn as curves in panel (b). */
export const UNITS_SHOWN = 6;

export const widthsOf = (p: DegenerateParams) => p.widths.split(',').map(Number);
export const seedsOf = (p: DegenerateParams) => Array.from({ length: p.seeds }, (_, s) => s);
export const spreadKey = (recipe: Recipe, s: number) => `spread[${short(recipe)}, seed=${s}]`;
export const meanKey = (recipe: Recipe) => `spread[${short(recipe)}]`;
export const slopeKey = (recipe: Recipe) => `slope[${short(recipe)}]`;
export const unitsKey = (recipe: Recipe, m: number) => `units[${short(recipe)}, m=${m}]`;

/** sqrt(Var phi(g)), g ~ N(0, 1): the spread of the middle layer under 1/sqrt(m) as m -> infinity. */
export const limitSpread = ({ a, b }: EdgeOfChaos) => Math.sqrt(a * a + b * b - (2 * b * b) / Math.PI);
