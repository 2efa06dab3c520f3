/**
 * The browser side of a figure. Until Rerun is pressed it only wires up the controls: tfjs, Observable Plot and the
 * figure's own code load on the first run. A run trains in a Web Worker; its series are drawn over the pinned ones
 * as they arrive, and at the end the run is compared with the pin of the same parameters (checked by its SHA-256
 * first), or the page says that no pin exists for them.
 */
import type { FigureDefinition, ParamSpecs, Params, Series } from '../src/figure/contract';
import type { Agreement } from '../src/figure/agreement';
import type { Execution } from '../src/figure/execute';
import { defaults, sameParams } from '../src/figure/params';
import type { BackendChoice } from '../src/runtime/protocol';
import { Controls } from './controls';
import { ProgressView } from './progress';
import { renderVerdict } from './verdict';

interface PinRef {
  id: string;
  variant: string;
  params: Params;
  current: boolean;
  url: string;
  json: string;
}

interface Config {
  id: string;
  title: string;
  params: ParamSpecs;
  pins: PinRef[];
  currentPin: string;
  /** The artifact pins the current pin consumed (id -> pin): what a rerun reads. */
  artifacts: Record<string, string>;
}

/** What the last run of each figure gave, for readers' consoles and for the browser tests. */
export interface RunRecord {
  state: 'done' | 'error' | 'cancelled';
  backend?: string;
  notes?: string[];
  execution?: Execution;
  agreement?: Agreement;
  pinId?: string;
  error?: string;
  seconds?: number;
}
declare global {
  interface Window {
    liveFigures: Record<string, RunRecord>;
  }
}

async function verifiedPinSeries(ref: PinRef): Promise<Series> {
  const [{ readPin }, bytes] = await Promise.all([
    import('../src/pins/pin'),
    fetch(ref.json).then((r) => {
      if (!r.ok) throw new Error(`The pin file ${ref.json} could not be loaded (HTTP ${r.status}).`);
      return r.arrayBuffer();
    }),
  ]);
  return (await readPin(new Uint8Array(bytes), ref.id, `Pin ${ref.id.slice(0, 12)}`)).series;
}

class FigureIsland {
  private config: Config;
  private controls: Controls;
  private progress: ProgressView;
  private panels: HTMLElement;
  /** The static drawing of the pin, kept as nodes (serialising it at hydration was a long task on heavy pages). */
  private pinnedPanels: Node[];
  private status: HTMLElement;
  private pinnedStatus: string;
  private verdict: HTMLElement;
  private rerun: HTMLButtonElement;
  private cancel: HTMLButtonElement;
  private runId = 0;
  private controller?: AbortController;
  /** True while keyboard focus is where the island put it (Cancel, then the status line), to hand it back to Rerun. */
  private holdsFocus = false;

  constructor(private root: HTMLElement) {
    this.config = JSON.parse(root.querySelector('[data-config]')!.textContent!) as Config;
    const form = root.querySelector<HTMLFormElement>('[data-controls]')!;
    this.controls = new Controls(form, this.config.id, this.config.params);
    this.progress = new ProgressView(
      root.querySelector('[data-progress]')!,
      root.querySelector('[data-progress] progress')!,
      root.querySelector('[data-progress-text]')!,
    );
    this.panels = root.querySelector('[data-panels]')!;
    this.pinnedPanels = [...this.panels.childNodes];
    this.status = root.querySelector('[data-status]')!;
    this.status.tabIndex = -1; // focusable from script only: where focus waits while a run is cancelled
    this.pinnedStatus = this.status.innerHTML;
    this.verdict = root.querySelector('[data-verdict-box]')!;
    this.rerun = root.querySelector('[data-rerun]')!;
    this.cancel = root.querySelector('[data-cancel]')!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start(this.controls.backend());
    });
    this.cancel.addEventListener('click', () => this.stop());
    root.querySelector('[data-reset]')!.addEventListener('click', () => this.reset());
    if (this.controls.fromUrl()) this.say('Settings were taken from the page address; press Rerun to run them.');
  }

  private say(text: string, kind: 'info' | 'error' = 'info') {
    this.status.dataset.kind = kind;
    this.status.textContent = text;
  }

  /** The run's phase, in the status line and beside the progress bar (until the first step reports its stage). */
  private phase(status: string, short = status) {
    this.say(status);
    if (this.root.dataset.state === 'running' && !this.progress.hasSteps()) this.progress.start(short, { keepClock: true });
  }

  private setState(state: string) {
    this.root.dataset.state = state;
  }

  private record(entry: RunRecord) {
    window.liveFigures[this.config.id] = entry;
  }

  private async start(choice: BackendChoice) {
    const params = this.controls.read();
    if (!params) {
      this.say('Some settings are not valid; see the messages beside them.', 'error');
      return;
    }
    this.controls.toUrl(params, choice);
    const runId = ++this.runId;
    // Only a current pin was made by the code that runs now; superseded pins stay served but are not compared.
    const pinRef = this.config.pins.find((p) => p.current && sameParams(p.params, params));
    this.setState('running');
    this.progress.start('');
    this.verdict.hidden = true;
    // Rerun disables itself: focus moves on to Cancel rather than dropping to the page.
    const hadFocus = document.activeElement === this.rerun;
    this.rerun.disabled = true;
    this.cancel.disabled = false;
    if (hadFocus) {
      this.cancel.focus();
      this.holdsFocus = true;
    }
    // One phase at a time, in the status line and beside the bar alike (the bar then shows each step's stage).
    this.phase('Starting a background worker and loading the figure’s code…');

    // Load the drawing code and the pin while the worker starts; a bad pin is reported, not drawn.
    const figurePromise = import('../src/figure/registry').then((r) => r.loadFigure(this.config.id));
    const drawPromise = import('../src/plot/render');
    const pinPromise: Promise<Series | Error | undefined> = pinRef
      ? verifiedPinSeries(pinRef).catch((error: Error) => error)
      : Promise.resolve(undefined);

    let backend = '';
    let notes: string[] = [];
    let lastDraw = 0;
    const draw = async (series: Series, force = false) => {
      if (!force && performance.now() - lastDraw < 250) return;
      lastDraw = performance.now();
      const [figure, { arrangePanels, renderPanels, rowLabel }, pin] = await Promise.all([figurePromise, drawPromise, pinPromise]);
      if (runId !== this.runId) return;
      const reference = pin instanceof Error ? undefined : pin;
      const panels = renderPanels(figure, series, params, document, reference);
      this.panels.replaceChildren(...arrangePanels(figure, panels, (text) => rowLabel(document, text)));
    };

    this.controller = new AbortController();
    let outcome: { execution: Execution } | { error: Error };
    try {
      const [figure, { execute }, { poolRunner, concurrencyFor }, { autoGpu }] = await Promise.all([
        figurePromise,
        import('../src/figure/execute'),
        import('./worker-pool'),
        import('../src/runtime/gpu-probe'),
      ]);
      // Under auto, the parts of a sweep run side by side when auto will not use a GPU here (the worker decides the
      // same way, from the same probes).
      const planned: BackendChoice = choice === 'auto' && !figure.plainJs ? ((await autoGpu()) ?? 'wasm') : choice;
      const concurrency = concurrencyFor(planned, figure.plainJs);
      const onBackend = (b: string, n: string[]) => {
        if (b === backend && n.join() === notes.join()) return;
        backend = b;
        notes = n;
        this.phase(`Training on ${backend}${notes.length ? ` (${notes.join('; ')})` : ''}…`, `Training on ${backend}…`);
      };
      const execution = await execute(figure, params, {
        runPart: poolRunner(this.config.id, choice, onBackend, figure.plainJs, concurrency, this.config.artifacts),
        concurrency,
        signal: this.controller.signal,
        onProgress: (p) => {
          this.progress.update(p);
          if (p.partial) void draw(p.partial);
        },
      });
      outcome = { execution };
    } catch (error) {
      outcome = { error: error as Error };
    }
    this.progress.stop();
    const refocus = this.holdsFocus && [this.cancel, this.status, document.body, null].includes(document.activeElement as HTMLElement);
    this.rerun.disabled = false;
    this.cancel.disabled = true;
    if (refocus) this.rerun.focus({ preventScroll: true });
    this.holdsFocus = false;
    if (runId !== this.runId) return;

    if ('error' in outcome) {
      const { error } = outcome;
      const cancelled = error.name === 'CancelledError';
      this.setState(cancelled ? 'cancelled' : 'error');
      this.record({ state: cancelled ? 'cancelled' : 'error', error: error.message, backend });
      if (cancelled) {
        this.panels.replaceChildren(...this.pinnedPanels);
        this.say(`Run cancelled after ${this.progress.elapsed().toFixed(1)} s; the pinned build is shown again.`);
      } else {
        this.say(`The run stopped: ${error.message}`, 'error');
      }
      return;
    }
    const { execution } = outcome;
    await draw(execution.series, true);
    const [figure, pin] = await Promise.all([figurePromise, pinPromise]);
    const seconds = this.progress.elapsed();
    const leaked = execution.tensorsAfter - execution.tensorsBefore;
    const facts =
      `Ran on ${execution.backend} in ${seconds.toFixed(1)} s (training ${execution.seconds.toFixed(1)} s)` +
      `${notes.length ? `; ${notes.join('; ')}` : ''}; tensors before and after: ${execution.tensorsBefore} and ` +
      `${execution.tensorsAfter}${leaked ? ` (${leaked} leaked)` : ''}.`;
    let agreement: Agreement | undefined;
    if (pin instanceof Error) {
      agreement = { verdict: 'differs', rules: [], reason: `the pin could not be used: ${pin.message}` };
    } else if (pin) {
      const { compareWithPin } = await import('../src/figure/agreement');
      agreement = compareWithPin(figure as FigureDefinition<any>, execution.backend, execution.series, pin);
    }
    const { evaluateClaims } = await import('../src/figure/claims');
    const claims = {
      results: evaluateClaims(figure as FigureDefinition<any>, execution.series, params),
      atDefaults: sameParams(params, defaults(this.config.params)),
    };
    const labelled = pin && !(pin instanceof Error) ? pin : execution.series;
    renderVerdict(this.verdict, agreement, `${facts}${pinRef ? ` Pin: ${pinRef.id.slice(0, 12)}.` : ''}`, labelled, claims);
    this.say(`Showing your run (solid)${pin && !(pin instanceof Error) ? ' over the pinned build (dashed)' : ''}.`);
    this.setState('done');
    this.record({ state: 'done', backend: execution.backend, notes, execution, agreement, pinId: pinRef?.id, seconds });
  }

  private stop() {
    // Cancel disables itself: focus waits on the status line, which says "Cancelling…", until Rerun is back.
    if (document.activeElement === this.cancel) {
      this.status.focus({ preventScroll: true });
      this.holdsFocus = true;
    }
    this.cancel.disabled = true;
    this.controller?.abort();
    this.say('Cancelling…');
  }

  private reset() {
    if (this.root.dataset.state === 'running') this.stop();
    this.runId++;
    this.controls.reset();
    this.panels.replaceChildren(...this.pinnedPanels);
    this.status.innerHTML = this.pinnedStatus;
    this.status.dataset.kind = 'info';
    this.verdict.hidden = true;
    this.progress.stop();
    this.rerun.disabled = false;
    this.setState('pinned');
  }
}

/**
 * A figure's data table is markup inside <noscript>, which a browser running scripts keeps as text: parsed into
 * nodes only when the reader first opens it (a heat map's table has thousands of cells).
 */
function unfoldTable(details: HTMLDetailsElement) {
  const markup = details.querySelector('noscript');
  if (!details.open || !markup) return;
  const template = document.createElement('template');
  template.innerHTML = markup.textContent ?? '';
  markup.replaceWith(template.content);
}

/** Events that show a reader is about to use a figure that is not yet hydrated (checked in the capture phase). */
const FIRST_USE = ['pointerdown', 'focusin', 'keydown', 'submit', 'input', 'change'] as const;

/**
 * Wires up each figure when it comes near the viewport (within a screen's height), not all at once on load: a
 * chapter has up to five figures, and hydrating them all was part of the main thread's blocking time. A figure a
 * reader reaches before the observer fires (a keyboard jump, a link to a control) is hydrated on its first event,
 * in the capture phase, before the event reaches its target; a value the event changed is kept. A figure named in
 * the page address is hydrated at once.
 */
export function hydrateFigures() {
  window.liveFigures ??= {};
  for (const details of document.querySelectorAll<HTMLDetailsElement>('details[data-lazy-table]')) {
    details.addEventListener('toggle', () => unfoldTable(details));
  }
  const roots = [...document.querySelectorAll<HTMLElement>('[data-figure]')].filter((root) => !root.dataset.hydrated);
  const hydrate = (root: HTMLElement) => {
    if (root.dataset.hydrated) return;
    root.dataset.hydrated = 'true';
    observer?.unobserve(root);
    for (const type of FIRST_USE) root.removeEventListener(type, onFirstUse, true);
    new FigureIsland(root);
  };
  function onFirstUse(this: HTMLElement, event: Event) {
    const target = event.target as HTMLInputElement | HTMLSelectElement;
    const changed = (event.type === 'input' || event.type === 'change') && 'value' in target ? target.value : undefined;
    hydrate(this);
    if (changed !== undefined) target.value = changed; // hydration reads the URL into the controls
  }
  const observer =
    'IntersectionObserver' in window
      ? new IntersectionObserver(
          (entries) => entries.filter((e) => e.isIntersecting).forEach((e) => hydrate(e.target as HTMLElement)),
          { rootMargin: '100% 0px' },
        )
      : undefined;
  const addressed = [...new URLSearchParams(location.search).keys()].map((k) => k.split('.')[0]);
  for (const root of roots) {
    // The controls are disabled in the HTML, for readers without JavaScript. With it they work at once, before
    // their figure is hydrated: their first use hydrates it.
    const fieldset = root.querySelector<HTMLFieldSetElement>('[data-live-controls]');
    if (fieldset) fieldset.disabled = false;
    // A figure with settings in the page address is what the reader came for, and hydrating it says so in its
    // status line (which moves the layout): at once, not under the reader's pointer.
    if (!observer || addressed.includes(root.dataset.figure!)) {
      hydrate(root);
      continue;
    }
    for (const type of FIRST_USE) root.addEventListener(type, onFirstUse, true);
    observer.observe(root);
  }
}
