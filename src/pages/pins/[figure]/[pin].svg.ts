import type { APIRoute } from 'astro';
import { loadFigure } from '../../../figure/registry';
import { standaloneSvg } from '../../../plot/static';
import { pinPaths, type PinProps } from '../../../site/pin-routes';

export const getStaticPaths = pinPaths;

export const GET: APIRoute<PinProps> = async ({ props, params }) => {
  const figure = await loadFigure(params.figure!);
  const caption = `${figure.title} (${figure.reproduces}); pinned build ${params.pin}`;
  return new Response(standaloneSvg(figure, props.pin.series, props.pin.manifest.params, caption), {
    headers: { 'Content-Type': 'image/svg+xml' },
  });
};
