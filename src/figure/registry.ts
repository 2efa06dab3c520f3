/**
 * Every figure of the site, by id, loaded on demand: the page's script imports a figure (and Observable Plot)
 * only when its reader presses Rerun.
 */
import type { FigureDefinition } from './contract';

export const figureLoaders: Record<string, () => Promise<{ default: FigureDefinition<any> }>> = {
  'fig1-width': () => import('../../figures/fig1-width/figure'),
  'fig2-alpha': () => import('../../figures/fig2-alpha/figure'),
  'fig3-m': () => import('../../figures/fig3-m/figure'),
  'fig4-linearisation': () => import('../../figures/fig4-linearisation/figure'),
  'fig5-breaking-ntk': () => import('../../figures/fig5-breaking-ntk/figure'),
  'fig6-mean-field': () => import('../../figures/fig6-mean-field/figure'),
  'fig7-alpha-sweep': () => import('../../figures/fig7-alpha-sweep/figure'),
  'mf-width-limit': () => import('../../figures/mf-width-limit/figure'),
  'ntk-convergence': () => import('../../figures/ntk-convergence/figure'),
  'neuron-bank': () => import('../../figures/neuron-bank/figure'),
  'neuron-vae': () => import('../../figures/neuron-vae/figure'),
  'fig8-weights': () => import('../../figures/fig8-weights/figure'),
  'eq24-discretisation': () => import('../../figures/eq24-discretisation/figure'),
  'fig9-repopulation': () => import('../../figures/fig9-repopulation/figure'),
  'fig10-tangent': () => import('../../figures/fig10-tangent/figure'),
  'fig11-importance': () => import('../../figures/fig11-importance/figure'),
  'deep-degenerate-limit': () => import('../../figures/deep-degenerate-limit/figure'),
  'deep-ntk-concentration': () => import('../../figures/deep-ntk-concentration/figure'),
};

export const figureIds = Object.keys(figureLoaders);

export async function loadFigure(id: string): Promise<FigureDefinition<any>> {
  const load = figureLoaders[id];
  if (!load) throw new Error(`Unknown figure "${id}". Known figures: ${figureIds.join(', ')}.`);
  return (await load()).default;
}
