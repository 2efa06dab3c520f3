/** A pin in other formats for download: CSV of its series, and a BibTeX entry that cites the exact build. */
import type { Pin } from '../pins/pin';

export function seriesCsv(pin: Pin): string {
  const names = Object.keys(pin.series).sort((a, b) => (a === 'epoch' ? -1 : b === 'epoch' ? 1 : a.localeCompare(b)));
  const rows = Math.max(...names.map((n) => pin.series[n].length));
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [names.map(quote).join(',')];
  for (let i = 0; i < rows; i++) lines.push(names.map((n) => (i < pin.series[n].length ? String(pin.series[n][i]) : '')).join(','));
  return `${lines.join('\n')}\n`;
}

export function bibtex(pin: Pin, id: string, url: string): string {
  const m = pin.manifest;
  const year = m.createdAt.slice(0, 4);
  const tex = (s: string) => s.replace(/[{}\\]/g, '').replace(/α/g, '$\\alpha$').replace(/θ/g, '$\\theta$').replace(/&/g, '\\&');
  return [
    `@misc{overparameterized-live:${m.figure.id}:${id.slice(0, 12)},`,
    `  title        = {${tex(m.figure.title)} (${tex(m.figure.reproduces)}), pinned build ${id.slice(0, 12)}},`,
    `  author       = {{Overparameterized Live}},`,
    `  year         = {${year}},`,
    `  howpublished = {\\url{${url}}},`,
    `  note         = {Figure ${m.figure.id} v${m.figure.version}, build SHA-256 ${id}; ${m.backend} backend, tfjs ${m.versions.tfjs}, project ${m.versions.project}},`,
    `}`,
  ].join('\n');
}
