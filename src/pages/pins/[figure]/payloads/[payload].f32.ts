/** An artifact's payloads, byte for byte (`figures/<id>/payloads/<sha256>.f32`), each at its SHA-256. */
import type { APIRoute } from 'astro';
import { readFile } from 'node:fs/promises';
import { payloadPath } from '../../../../runtime/node-data';
import { allPins } from '../../../../site/figure-data';

export async function getStaticPaths() {
  const seen = new Set<string>();
  return (await allPins()).flatMap(({ figureId, pin }) =>
    (pin.manifest.payloads ?? [])
      .filter((r) => !seen.has(`${figureId}/${r.sha256}`) && seen.add(`${figureId}/${r.sha256}`))
      .map((r) => ({ params: { figure: figureId, payload: r.sha256 } })),
  );
}

export const GET: APIRoute = async ({ params }) =>
  new Response(await readFile(payloadPath(params.figure!, params.payload!)), { headers: { 'Content-Type': 'application/octet-stream' } });
