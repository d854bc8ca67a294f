// The addresses of stories and their feeds, shared by the schema, the feeds and the pages.
import { foldForSearch } from '../../search.js';

export const FEEDS_PATH = '/feeds/';
export const STORIES_PATH = '/stories/';

/** The story's page for readers (feeds link to it). */
export const storyPageUrl = (publicUrl: string, id: string) => `${publicUrl}${STORIES_PATH}${id}`;

/** A municipality's name as it appears in its feeds' addresses: "Sanski Most" → "sanski-most". */
export const municipalitySlug = (name: string) =>
  foldForSearch(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
