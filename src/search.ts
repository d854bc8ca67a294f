// Mirrors the SQL function veza_fold() (prisma/migrations/…_init): search strings are folded
// the same way as the stored `searchText` columns, so "kljuc" finds "Ključ" and "Кључ".

const cyrillicDigraphs: Record<string, string> = { љ: 'lj', њ: 'nj', џ: 'dz' };
const cyrillic = 'абвгдђежзијклмнопрстћуфхцчш';
const cyrillicAsLatin = 'abvgddezzijklmnoprstcufhccs';
// Letters PostgreSQL's unaccent folds that Unicode decomposition leaves alone.
const undecomposable: Record<string, string> = {
  đ: 'd',
  ø: 'o',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
};

export function foldForSearch(input: string): string {
  let out = '';
  for (const char of input.toLowerCase()) {
    const index = cyrillic.indexOf(char);
    out +=
      cyrillicDigraphs[char] ??
      (index >= 0 ? cyrillicAsLatin[index] : undefined) ??
      undecomposable[char] ??
      char;
  }
  return out.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/**
 * A Prisma filter on a `searchText` column, or undefined when there is nothing to search.
 * Prisma passes `contains` to LIKE as it is, so LIKE's wildcards (and its escape character) are
 * escaped: a search for "50%" finds "50%", not "50 and anything".
 */
export function searchFilter(search: string | null | undefined) {
  const folded = search ? foldForSearch(search.trim()) : '';
  return folded ? { searchText: { contains: folded.replace(/[\\%_]/g, '\\$&') } } : undefined;
}
