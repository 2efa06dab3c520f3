/**
 * Parameter controls: read the form, validate each value with the figure's own specs (the same function the Node
 * builder uses), show a message beside any bad value, and keep valid settings, and the backend chosen, in the page URL
 * so they can be shared.
 */
import type { ParamSpecs, Params } from '../src/figure/contract';
import { checkParams, checkValue, defaults, fromSearch, toSearch } from '../src/figure/params';
import { BACKEND_CHOICES, isBackendChoice, type BackendChoice } from '../src/runtime/backends';

/**
 * The backend choice goes in the URL beside the parameters, as `<figure id>.backend=<choice>`; the default, auto, is
 * not written. (So no figure may have a parameter named "backend".)
 */
const BACKEND = 'backend';
const DEFAULT_BACKEND: BackendChoice = 'auto';

/** The backend choice from a URL value: a known choice, or auto with a message saying why. */
export function backendFromUrl(raw: string | undefined): { choice: BackendChoice; message: string } {
  if (raw === undefined || isBackendChoice(raw)) return { choice: raw ?? DEFAULT_BACKEND, message: '' };
  return {
    choice: DEFAULT_BACKEND,
    message: `Backend must be one of ${BACKEND_CHOICES.join(', ')} (the page address says "${raw}"); auto is used.`,
  };
}

export class Controls {
  constructor(
    private form: HTMLFormElement,
    private figureId: string,
    private specs: ParamSpecs,
  ) {
    if (Object.hasOwn(specs, BACKEND)) throw new Error(`Figure ${figureId}: "${BACKEND}" is reserved for the backend choice.`);
    for (const name of Object.keys(specs)) {
      this.field(name)?.addEventListener('input', () => this.checkOne(name));
    }
    this.field(BACKEND)?.addEventListener('input', () => this.show(BACKEND, ''));
  }

  /** The backend chosen in the form. */
  backend(): BackendChoice {
    const value = this.field(BACKEND)?.value;
    return isBackendChoice(value) ? value : DEFAULT_BACKEND;
  }

  setBackend(choice: BackendChoice) {
    const field = this.field(BACKEND);
    if (field) field.value = choice;
  }

  private field(name: string) {
    return this.form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
  }

  private show(name: string, message: string) {
    const field = this.field(name);
    const box = this.form.querySelector<HTMLElement>(`[data-message="${name}"]`);
    field?.setAttribute('aria-invalid', message ? 'true' : 'false');
    if (box) box.textContent = message;
  }

  private checkOne(name: string) {
    const checked = checkValue(this.specs[name], this.field(name)?.value);
    this.show(name, checked.ok ? '' : checked.message);
  }

  raw(): Record<string, string> {
    return Object.fromEntries(Object.keys(this.specs).map((name) => [name, this.field(name)?.value ?? '']));
  }

  set(values: Record<string, string | number>) {
    for (const [name, value] of Object.entries(values)) {
      const field = this.field(name);
      if (field) field.value = String(value);
    }
  }

  /** All values checked; messages shown beside the bad ones, and focus moved to the first. */
  read(): Params | undefined {
    const checked = checkParams(this.specs, this.raw());
    for (const name of Object.keys(this.specs)) this.show(name, checked.ok ? '' : (checked.errors[name] ?? ''));
    if (checked.ok) return checked.params;
    this.field(Object.keys(checked.errors)[0])?.focus();
    return undefined;
  }

  /** Settings from the page URL, if any; bad ones are shown with their message, as if typed. */
  fromUrl(): boolean {
    const raw = fromSearch(this.figureId, new URLSearchParams(location.search));
    if (!Object.keys(raw).length) return false;
    const backend = backendFromUrl(raw[BACKEND]);
    delete raw[BACKEND];
    this.setBackend(backend.choice);
    this.show(BACKEND, backend.message);
    this.set(raw);
    const checked = checkParams(this.specs, raw);
    if (!checked.ok) {
      for (const [name, message] of Object.entries(checked.errors)) {
        if (this.specs[name]) this.show(name, message);
        else this.show(Object.keys(this.specs)[0], `${message} (from the page address)`);
      }
    }
    return true;
  }

  toUrl(params: Params, backend: BackendChoice = this.backend()) {
    const search = new URLSearchParams(location.search);
    toSearch(this.figureId, this.specs, params, search);
    if (backend === DEFAULT_BACKEND) search.delete(`${this.figureId}.${BACKEND}`);
    else search.set(`${this.figureId}.${BACKEND}`, backend);
    const query = search.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }

  reset() {
    this.set(defaults(this.specs) as Record<string, string | number>);
    for (const name of Object.keys(this.specs)) this.show(name, '');
    this.setBackend(DEFAULT_BACKEND);
    this.show(BACKEND, '');
    this.toUrl(defaults(this.specs), DEFAULT_BACKEND);
  }
}
