/** The pin file itself, byte for byte, so its SHA-256 is its name. */
import type { APIRoute } from 'astro';
import { readFile } from 'node:fs/promises';
import { pinPath } from '../../../pins/store';
import { pinPaths } from '../../../site/pin-routes';

export const getStaticPaths = pinPaths;

export const GET: APIRoute = async ({ params }) =>
  new Response(await readFile(pinPath(params.figure!, params.pin!)), { headers: { 'Content-Type': 'application/json' } });
