/**
 * Learned artifacts come before the figures that use them: the builder orders figures by their `uses`, and each
 * figure's runs read the current default pin of every artifact it uses, which its pin then names.
 */
import type { FigureDefinition } from '../figure/contract';
import type { ArtifactPins } from '../figure/execute';
import type { Lock } from '../pins/store';

/** The current default pin of each artifact a figure uses: what its runs read. */
export function artifactPinsOf(figure: FigureDefinition<any>, lock: Lock): ArtifactPins {
  return Object.fromEntries(
    (figure.uses ?? []).map((id) => {
      const pin = lock[id]?.default;
      if (!pin) throw new Error(`Figure ${figure.id} uses the artifact ${id}, which has no pin yet. Run \`npm run figures -- ${id}\` first.`);
      return [id, pin];
    }),
  );
}

/** Figures in an order where every artifact comes before the figures that use it (`uses`). */
export function dependencyOrder(figures: FigureDefinition<any>[]): FigureDefinition<any>[] {
  const byId = new Map(figures.map((f) => [f.id, f]));
  const ordered: FigureDefinition<any>[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (f: FigureDefinition<any>, path: string[]) => {
    if (state.get(f.id) === 'done') return;
    if (state.get(f.id) === 'visiting') throw new Error(`Figures use each other in a cycle: ${[...path, f.id].join(' -> ')}.`);
    state.set(f.id, 'visiting');
    for (const dep of f.uses ?? []) if (byId.has(dep)) visit(byId.get(dep)!, [...path, f.id]);
    state.set(f.id, 'done');
    ordered.push(f);
  };
  for (const f of figures) visit(f, []);
  return ordered;
}

