/**
 * Browser test harness: builds the site, serves it with `astro preview` on a free local port (in its own process
 * group, ended with it), and launches Debian's Chromium through playwright-core (never a downloaded browser).
 * Every request a page makes is recorded, so tests can assert that nothing leaves the site's origin.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep headless Chromium off the network. */
const OFFLINE = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** WebGL2 through SwiftShader (there is no GPU here). */
const SOFTWARE_WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
/**
 * WebGPU on SwiftShader's Vulkan (there is no GPU here): with these flags Chromium offers the adapter
 * {vendor: "google", architecture: "swiftshader"}, so `auto` must skip it and an explicit `webgpu` can be tested.
 */
const SOFTWARE_WEBGPU = ['--enable-unsafe-webgpu', '--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];
/** No WebGL anywhere: `--disable-webgl` alone leaves it on in workers' OffscreenCanvas, so turn off the GPU process's rasterisers. */
const NO_WEBGL = ['--disable-gpu', '--disable-software-rasterizer'];

export function buildSite(): void {
  const result = spawnSync('npx', ['astro', 'build'], {
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`astro build failed:\n${result.stdout}\n${result.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface Preview {
  origin: string;
  stop(): void;
}

export async function startPreview(): Promise<Preview> {
  const port = await freePort();
  const child: ChildProcess = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port)], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  const origin = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/`)).ok) return { origin, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  throw new Error(`astro preview did not answer on ${origin} within 60 s`);
}

/** Chromium with software WebGL and WebGPU, or (`webgl: false`) with no GPU backend at all. */
export function launchChromium({ webgl = true } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...OFFLINE, ...(webgl ? [...SOFTWARE_WEBGL, ...SOFTWARE_WEBGPU] : NO_WEBGL)],
  });
}

export interface Watched {
  page: Page;
  requests: string[];
  errors: string[];
}

/** A new page that records every request URL and every console error or uncaught exception. */
export async function watchedPage(browser: Browser, javaScriptEnabled = true): Promise<Watched> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return { page, requests, errors };
}
