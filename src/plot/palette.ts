/**
 * The figures' colours: one set for both themes and for the downloaded SVG (on white).
 *
 * Every colour here has a relative luminance between about 0.15 and 0.25, so it holds at least 3:1 (WCAG 1.4.11,
 * non-text contrast) against the light figure panel (#f3f4f1), the dark one (#1e2124) and white. They are OKLCH
 * colours of equal lightness (0.60) and chroma (0.14), so no series stands out by brightness alone; the hues are
 * spaced for telling series apart. Contrast against the three backgrounds (light / dark / white):
 */
export const CATEGORICAL = [
  '#4081d2', // blue        3.60 / 4.07 / 3.97
  '#c55c43', // vermilion   3.81 / 3.84 / 4.21
  '#419547', // green       3.39 / 4.32 / 3.74
  '#806fcd', // violet      3.75 / 3.91 / 4.14
  '#ab7400', // ochre       3.64 / 4.03 / 4.02
  '#0097a1', // teal        3.20 / 4.58 / 3.53
  '#c1587d', // rose        3.84 / 3.82 / 4.23
  '#868600', // olive       3.51 / 4.18 / 3.87
] as const;

/**
 * For ordered series (α = m^0 … m^0.7, widths m): hues in viridis' order, violet through blue, teal and green to
 * ochre, at equal lightness (viridis itself runs from near black to near white, and its ends vanish on one of the
 * two panels).
 */
const ORDERED = ['#806fcd', '#4081d2', '#0097a1', '#419547', '#868600', '#ab7400'] as const;

/** n colours in order, spread over the ordered hues. */
export function ordered(n: number): string[] {
  if (n <= 1) return [ORDERED[1]];
  return Array.from({ length: n }, (_, i) => ORDERED[Math.round((i * (ORDERED.length - 1)) / (n - 1))]);
}

/** A neutral grey for references and faded context (3.58 / 4.10 / 3.95). */
export const GREY = '#808080';
