import type { APIRoute } from 'astro';
import { bibtex } from '../../../site/formats';
import { pinUrl } from '../../../site/figure-data';
import { pinPaths, type PinProps } from '../../../site/pin-routes';

export const getStaticPaths = pinPaths;

export const GET: APIRoute<PinProps> = ({ props, params, site, url }) =>
  new Response(bibtex(props.pin, params.pin!, new URL(pinUrl(params.figure!, params.pin!), site ?? url).href), {
    headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' },
  });
