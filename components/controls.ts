/**
 * Parameter controls: read the form, validate each value with the figure's own specs (the same function the Node
 * builder uses), show a message beside any bad value, and keep valid settings in the page URL so they can be shared.
 */
import type { ParamSpecs, Params } from '../src/figure/contract';
import { checkParams, checkValue, defaults, fromSearch, toSearch } from '../src/figure/params';

export class Controls {
  constructor(
    private form: HTMLFormElement,
    private figureId: string,
    private specs: ParamSpecs,
  ) {
    for (const name of Object.keys(specs)) {
      this.field(name)?.addEventListener('input', () => this.checkOne(name));
    }
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

  toUrl(params: Params) {
    const search = new URLSearchParams(location.search);
    toSearch(this.figureId, this.specs, params, search);
    const query = search.toString();
    history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}${location.hash}`);
  }

  reset() {
    this.set(defaults(this.specs) as Record<string, string | number>);
    for (const name of Object.keys(this.specs)) this.show(name, '');
    this.toUrl(defaults(this.specs));
  }
}
