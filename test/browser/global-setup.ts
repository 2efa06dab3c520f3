/**
 * Once for all browser tests: build the site and serve it with `astro preview`; the tests get its origin through
 * `inject('origin')`.
 */
import type { TestProject } from 'vitest/node';
import { buildSite, startPreview } from './harness';

declare module 'vitest' {
  export interface ProvidedContext {
    origin: string;
  }
}

export default async function setup(project: TestProject) {
  buildSite();
  const preview = await startPreview();
  project.provide('origin', preview.origin);
  return () => preview.stop();
}
