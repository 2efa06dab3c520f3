/** The pin's citation as CSL-JSON, for Zotero, Pandoc and other citation managers. */
import type { APIRoute } from 'astro';
import { cslJson } from '../../../site/formats';
import { pinUrl } from '../../../site/figure-data';
import { pinPaths, type PinProps } from '../../../site/pin-routes';
import { citationTarget } from '../../../site/site-url';

export const getStaticPaths = pinPaths;

export const GET: APIRoute<PinProps> = ({ props, params, site }) =>
  new Response(cslJson(props.pin, params.pin!, citationTarget(pinUrl(params.figure!, params.pin!), site, props.pin.manifest.createdAt)), {
    headers: { 'Content-Type': 'application/vnd.citationstyles.csl+json' },
  });
