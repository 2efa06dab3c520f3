/** Chapters in reading order, and each one's address: its file name without the order prefix. */
import { getCollection, type CollectionEntry } from 'astro:content';

export type Chapter = CollectionEntry<'chapters'>;

export async function chaptersInOrder(): Promise<Chapter[]> {
  return (await getCollection('chapters')).sort((a, b) => a.data.order - b.data.order);
}

export const chapterSlug = (chapter: Chapter) => chapter.id.replace(/^\d+-/, '');
export const chapterUrl = (chapter: Chapter) => `/chapters/${chapterSlug(chapter)}/`;
