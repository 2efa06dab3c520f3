/**
 * The figure contract (DESIGN.md, "one figure definition, three runners").
 *
 * A figure is one module under `figures/<id>/figure.ts` exporting a `FigureDefinition`. The Node builder, the
 * browser Web Worker and the tests all use that module unchanged. Nothing in it imports tfjs at run time: the
 * tensor library comes in through `ctx.tf`, so the page can read a figure's parameters and draw its plots
 * without loading tfjs, and every runner decides which backend the experiment runs on.
 */
import type * as TF from '@tensorflow/tfjs-core';
import type { PlotOptions } from '@observablehq/plot';
import type { MnistDataset, MnistOptions } from '../data/mnist/dataset';
import type { SyntheticClassification } from '../data/synthetic/fig4-dataset';

/** Named series: the whole result of a run, as plain arrays of finite numbers. */
export type Series = Record<string, number[]>;

export type Params = Record<string, number | string>;

export interface NumberParam {
  kind: 'number';
  label: string;
  default: number;
  min: number;
  max: number;
  /** true: only integers are accepted. */
  integer?: boolean;
  unit?: string;
  /** Typical step for the control. */
  step?: number;
  help?: string;
}

export interface ChoiceParam {
  kind: 'choice';
  label: string;
  default: string;
  options: { value: string; label: string }[];
  help?: string;
}

export type ParamSpec = NumberParam | ChoiceParam;
export type ParamSpecs = Record<string, ParamSpec>;

/** Where the run reports to: progress with the series so far, so pages can draw a run as it happens. */
export interface Progress {
  done: number;
  total: number;
  /** What is being done now, in words ("alpha = m^0.3, epoch 4"). */
  stage: string;
  partial?: Series;
}

/** The datasets a run may ask for; each request is recorded so the pin can name the data's identity and hash. */
export interface DataProvider {
  mnist(options: MnistOptions): Promise<MnistDataset>;
  /** scikit-learn's make_classification data of the review's Figure 4 (computed, not downloaded). */
  synthetic(): Promise<SyntheticClassification>;
  /** A learned artifact's pin and its payloads, each checked against the SHA-256 its pin records. */
  artifact(id: string, pin: string): Promise<Artifact>;
}

/**
 * A learned artifact (a bank of trained neurons, a generator of neurons): a figure whose run also emits named
 * float32 payloads (`ctx.payload`). Its pin records each payload's name, shape and SHA-256; the bytes are
 * `figures/<id>/payloads/<sha256>.f32`. Figures that consume it declare it in `uses` and call `ctx.artifact(id)`.
 */
export interface Artifact {
  id: string;
  /** The pin the payloads belong to: the pinned one, or the one whose recipe a rebuild followed. */
  pin: string;
  payloads: Record<string, Float32Array>;
  shapes: Record<string, number[]>;
  /** The parameters of the artifact's run (its pin's). */
  params: Params;
  /** The artifact pins its own run consumed, by id. */
  uses: Record<string, string>;
  /** True when the payloads were rebuilt in this run rather than read from the pin. */
  rebuilt: boolean;
  /** For a rebuild: whether every payload came out identical to the pinned bytes. */
  matchesPin?: boolean;
}

export interface Payload {
  values: Float32Array;
  shape: number[];
}

export interface DatasetIdentity {
  name: string;
  sha256: string;
  [detail: string]: string | number | boolean;
}

export interface RunContext {
  /** The tensor library; absent for a `plainJs` figure. */
  tf: typeof TF;
  /** The backend actually in use ("wasm", "webgpu", "webgl", "cpu"; "js" for a `plainJs` figure). */
  backend: string;
  data: DataProvider;
  progress(p: Progress): void;
  signal: AbortSignal;
  /** Call between steps: lets pending messages in (a Cancel) and throws `CancelledError` once cancelled. */
  checkpoint(): Promise<void>;
  /**
   * A learned artifact this figure declares in `uses`: by default the pin the runner names (the one the figure's
   * pin consumed); with `rebuild`, made afresh by running the artifact's own figure here, with that pin's parameters.
   */
  artifact(id: string, options?: { rebuild?: boolean }): Promise<Artifact>;
  /** For an artifact's figure: emit a named float32 payload of the given shape (recorded in its pin). */
  payload(name: string, values: Float32Array, shape: number[]): void;
}

/** A statement of the paper that the figure must show, checked on its series. */
export interface Claim {
  id: string;
  statement: string;
  check(series: Series, params: Params): { pass: boolean; detail: string };
}

/** How a rerun is compared with a pin: which series, by which measure, with which tolerance on which backend. */
export interface AgreementRule {
  /** Series names this rule covers: exact names or a prefix ending in "*". */
  series: string[];
  /** "relative": max |a-b|/|b| over points; "absolute": max |a-b|. */
  measure: 'relative' | 'absolute';
  /**
   * Tolerance per GPU backend, each measured on that backend and declared with a margin (write the measurement in
   * a comment); wasm and cpu are held to bitwise equality and need no entry.
   */
  webgl: number;
  webgpu: number;
  why: string;
}

export interface FigureDefinition<P extends Params = Params> {
  id: string;
  /** Bump when the experiment changes meaning; pins record it. */
  version: number;
  title: string;
  caption: string;
  /** Slug of the chapter that shows it. */
  chapter: string;
  /** The paper figure it reproduces, or "new". */
  reproduces: string;
  /** What this live version changes from the paper's recipe, and why the result survives. */
  departures: string;
  params: { [K in keyof P]: ParamSpec };
  /** Named random streams: each is `generator(params.seed, "<figure id>/<name>")`. */
  seeds: Record<string, string>;
  /** Ids of the learned artifacts (figures that emit payloads) this figure reads through `ctx.artifact`. */
  uses?: string[];
  /**
   * True for an experiment written in plain JavaScript (float64 with the project's portable exp/log/trig), not tfjs:
   * its series are the same bits everywhere, runners do not load tfjs for it, and its backend is recorded as "js".
   */
  plainJs?: boolean;
  /**
   * Named parameter sets that also get a pin (besides the defaults). `quick` is a shortened run that the WebGL and
   * WebGPU agreement tests rerun (a default rerun on software-emulated GPUs would take minutes); its claims are
   * evaluated and recorded in its pin, but only the default pin must satisfy them: a run of one or two epochs
   * need not show the paper's result.
   */
  variants?: Record<string, Partial<P>>;
  /** The experiment, for a figure that is one training run (a figure that is a sweep declares `sweep` instead). */
  run?(params: P, ctx: RunContext): Promise<Series>;
  sweep?: Sweep<P>;
  /** Plot specs (Observable Plot options), one per panel; `reference` is the pin a rerun is drawn against. */
  panels(series: Series, params: P, reference?: Series): PlotOptions[];
  /**
   * How the panels are arranged, when they form a grid: `columns` panels to a row (on a wide screen; one to a row on
   * a phone), each row under its label in `rows`. Without it, panels flow side by side as the width allows.
   */
  layout?: { columns: number; rows: string[] };
  agreement: AgreementRule[];
  claims: Claim[];
}

/**
 * A figure whose run is a sweep of independent configurations (values of alpha, widths, learning rates) names
 * them by keys, so that runners can train them in parallel: worker_threads in Node, Web Workers in the page.
 * Equal keys are trained once, which is how configurations share the work they have in common. Each part draws
 * its random numbers from its own named streams, so the series do not depend on how the parts were scheduled.
 */
export interface Sweep<P extends Params> {
  parts(params: P): string[];
  runPart(key: string, params: P, ctx: RunContext): Promise<Series>;
  /** The figure's series from the parts finished so far: all of them at the end, some while a run is live. */
  combine(parts: Record<string, Series>, params: P): Series;
}

export function defineFigure<P extends Params>(figure: FigureDefinition<P>): FigureDefinition<P> {
  if (!figure.run === !figure.sweep) throw new Error(`Figure ${figure.id} must declare exactly one of run and sweep.`);
  return figure;
}

export class CancelledError extends Error {
  constructor() {
    super('The run was cancelled.');
    this.name = 'CancelledError';
  }
}

/** Training diverged (see src/training/divergence.ts): the message says where, how, and what to change. */
export class DivergedError extends Error {
  constructor(where: string, how: string) {
    super(`Training diverged (${where}): ${how}. Try a smaller learning rate.`);
    this.name = 'DivergedError';
  }
}
