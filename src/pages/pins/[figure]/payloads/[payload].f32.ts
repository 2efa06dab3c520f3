/**
 * An artifact's payloads, byte for byte (`figures/<id>/payloads/<sha256>.f32`), each at its SHA-256. A missing or
 * altered payload fails the site build with a message that names the file and the command that rebuilds it.
 */
import type { APIRoute } from 'astro';
import { readFile } from 'node:fs/promises';
import { payloadPath } from '../../../../runtime/node-data';
import { sha256Hex } from '../../../../pins/sha256';
import { allPins } from '../../../../site/figure-data';

export async function getStaticPaths() {
  const seen = new Set<string>();
  return (await allPins()).flatMap(({ figureId, pin }) =>
    (pin.manifest.payloads ?? [])
      .filter((r) => !seen.has(`${figureId}/${r.sha256}`) && seen.add(`${figureId}/${r.sha256}`))
      .map((r) => ({ params: { figure: figureId, payload: r.sha256 } })),
  );
}

export const GET: APIRoute = async ({ params }) => {
  const { figure, payload } = params as { figure: string; payload: string };
  const path = payloadPath(figure, payload);
  const rebuild = `Run \`npm run figures -- ${figure}\` to rebuild it.`;
  const bytes = await readFile(path).catch(() => {
    throw new Error(`A payload of the artifact ${figure} is missing: ${path} does not exist. ${rebuild}`);
  });
  const actual = await sha256Hex(new Uint8Array(bytes));
  if (actual !== payload) throw new Error(`The payload ${path} is corrupt or has been tampered with: its SHA-256 is ${actual}. ${rebuild}`);
  return new Response(bytes, { headers: { 'Content-Type': 'application/octet-stream' } });
};
