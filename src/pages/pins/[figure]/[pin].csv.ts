import type { APIRoute } from 'astro';
import { seriesCsv } from '../../../site/formats';
import { pinPaths, type PinProps } from '../../../site/pin-routes';

export const getStaticPaths = pinPaths;

export const GET: APIRoute<PinProps> = ({ props }) =>
  new Response(seriesCsv(props.pin), { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
