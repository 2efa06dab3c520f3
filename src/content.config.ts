/** The chapters: one MDX file each in content/, in reading order by `order`. */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const chapters = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content' }),
  schema: z.object({
    title: z.string(),
    order: z.number().int().positive(),
    /** The review's section this chapter restates, e.g. "II". */
    section: z.string(),
    summary: z.string(),
    references: z
      .array(z.object({ id: z.string().regex(/^[a-z0-9-]+$/), text: z.string(), url: z.string().url().optional() }))
      .default([]),
  }),
});

export const collections = { chapters };
