/**
 * What the site needs to show a figure, gathered at build time: the definition, its pins (each verified), the
 * current one by the lock file, and a check that the current pin was made by the current code. A missing,
 * tampered or stale pin fails the build with a message that says what to do.
 */
import { codeHash } from '../builder/code-hash';
import type { FigureDefinition, Params } from '../figure/contract';
import { loadFigure } from '../figure/registry';
import type { Pin } from '../pins/pin';
import { loadAllPins, loadPin, readLock } from '../pins/store';

export interface PinRef {
  id: string;
  variant: string;
  params: Params;
  current: boolean;
}

export interface FigureData {
  figure: FigureDefinition<any>;
  pinId: string;
  pin: Pin;
  pins: PinRef[];
}

const cache = new Map<string, Promise<FigureData>>();

export function figureData(id: string): Promise<FigureData> {
  if (!cache.has(id)) cache.set(id, gather(id));
  return cache.get(id)!;
}

async function gather(id: string): Promise<FigureData> {
  const figure = await loadFigure(id);
  const lock = await readLock();
  const pinId = lock[id]?.default;
  if (!pinId) throw new Error(`Figure ${id} has no current pin in figures/lock.json. Run \`npm run figures -- ${id}\`.`);
  const pin = await loadPin(id, pinId);
  const hash = await codeHash(id);
  if (pin.manifest.codeHash !== hash) {
    throw new Error(
      `The current pin ${pinId} of figure ${id} was made by other code (code hash ${pin.manifest.codeHash.slice(0, 12)}…, ` +
        `now ${hash.slice(0, 12)}…). Run \`npm run figures -- ${id}\` to make a pin of the current code.`,
    );
  }
  const current = new Set(Object.values(lock[id]));
  const pins = (await loadAllPins(id)).map(({ id: pid, pin: p }) => ({
    id: pid,
    variant: p.manifest.variant,
    params: p.manifest.params,
    current: current.has(pid),
  }));
  return { figure, pinId, pin, pins };
}

export const pinUrl = (figureId: string, id: string) => `/pins/${figureId}/${id}/`;
export const pinFileUrl = (figureId: string, id: string, ext: 'json' | 'csv' | 'svg' | 'bib' | 'bib.txt' | 'csl.json') =>
  `/pins/${figureId}/${id}.${ext}`;

/**
 * Every pin of every figure (old ones too: they stay served), for the permalink pages and downloads, each with
 * the current pin of its variant (of the default when its variant has none any more).
 */
export async function allPins(): Promise<{ figureId: string; id: string; pin: Pin; current: boolean; latest: string }[]> {
  const { figureIds } = await import('../figure/registry');
  const lock = await readLock();
  const lists = await Promise.all(
    figureIds.map(async (figureId) =>
      (await loadAllPins(figureId)).map(({ id, pin }) => ({
        figureId,
        id,
        pin,
        current: Object.values(lock[figureId] ?? {}).includes(id),
        latest: lock[figureId]?.[pin.manifest.variant] ?? lock[figureId]?.default ?? id,
      })),
    ),
  );
  return lists.flat();
}
