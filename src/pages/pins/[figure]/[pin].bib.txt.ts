/**
 * The BibTeX entry again, under a name every static server types: `astro preview` (Vite's sirv, whose MIME table
 * has no `.bib`) sends `.bib` with an empty Content-Type, and a user Vite plugin cannot change that in preview.
 * The pin page links here with `download="<id>.bib"`, so the file saved is still a `.bib`.
 */
export { getStaticPaths, GET } from './[pin].bib';
