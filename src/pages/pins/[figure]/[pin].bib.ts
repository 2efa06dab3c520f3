import type { APIRoute } from 'astro';
import { bibtex } from '../../../site/formats';
import { pinUrl } from '../../../site/figure-data';
import { pinPaths, type PinProps } from '../../../site/pin-routes';
import { citationTarget } from '../../../site/site-url';

export const getStaticPaths = pinPaths;

export const GET: APIRoute<PinProps> = ({ props, params, site }) =>
  new Response(bibtex(props.pin, params.pin!, citationTarget(pinUrl(params.figure!, params.pin!), site, props.pin.manifest.createdAt)), {
    headers: { 'Content-Type': 'application/x-bibtex; charset=utf-8' },
  });
