/**
 * The site's address, set in one place: the `SITE_URL` environment variable, read by astro.config.mjs as Astro's
 * `site` (pages see it as `Astro.site`). Without it a build names no host at all: links stay relative, and
 * citations give the permalink's path and say that it is one (a placeholder host would end up in papers).
 */
import { execFileSync } from 'node:child_process';

/** The absolute URL of `path` on the deployed site, or undefined when the build has no SITE_URL. */
export function absoluteUrl(path: string, site: URL | undefined): string | undefined {
  return site ? new URL(path, site).href : undefined;
}

/**
 * The date a citation says its URL was seen, YYYY-MM-DD: the build's SOURCE_DATE_EPOCH if set, else the date of
 * the commit being built, else `fallback`. Never the clock, so that two builds of one commit are byte-identical.
 */
let buildDate: string | undefined;
export function citationDate(fallback: string): string {
  if (buildDate) return buildDate;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return (buildDate = new Date(Number(epoch) * 1000).toISOString().slice(0, 10));
  try {
    const date = execFileSync('git', ['log', '-1', '--format=%cs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return (buildDate = date);
  } catch {
    /* not a git checkout */
  }
  return fallback.slice(0, 10);
}

/** Where a citation of the page at `path` points, for a build whose site is `site` (Astro.site). */
export function citationTarget(path: string, site: URL | undefined, fallbackDate: string) {
  return { path, url: absoluteUrl(path, site), date: citationDate(fallbackDate) };
}
