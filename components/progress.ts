/** Run progress: a bar, what is being done, and the time left extrapolated from the time so far. */
import type { Progress } from '../src/figure/contract';

export class ProgressView {
  private started = 0;
  private steps = 0;

  constructor(
    private root: HTMLElement,
    private bar: HTMLProgressElement,
    private text: HTMLElement,
  ) {}

  /** Shows the bar, indeterminate, with what is being done; `keepClock` keeps the run's start time. */
  start(what: string, { keepClock = false } = {}) {
    if (!keepClock) {
      this.started = performance.now();
      this.steps = 0;
    }
    this.root.hidden = false;
    this.bar.removeAttribute('value');
    this.text.textContent = what;
  }

  /** Whether a step has reported its stage yet (after that the bar's text is the step's). */
  hasSteps(): boolean {
    return this.steps > 0;
  }

  update(p: Progress) {
    this.steps++;
    const elapsed = (performance.now() - this.started) / 1000;
    const left = p.done > 0 ? (elapsed / p.done) * (p.total - p.done) : NaN;
    this.bar.max = p.total;
    this.bar.value = p.done;
    this.text.textContent = `${p.stage} · ${Number.isFinite(left) ? `about ${Math.ceil(left)} s left` : 'estimating time left'}`;
  }

  elapsed(): number {
    return (performance.now() - this.started) / 1000;
  }

  stop() {
    this.root.hidden = true;
  }
}
