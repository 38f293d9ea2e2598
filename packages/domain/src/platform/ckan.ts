/*
 * Open data through the CKAN Action API (SPEC §7, docs/open-data.md): how the catalog maps onto CKAN's names, and the
 * subset of Solr query syntax package_search understands. Anything outside the subset is refused, as CKAN refuses a
 * bad parameter, with a Validation Error (409) naming the parameter.
 */

/** CKAN's names: lowercase letters, digits, '-' and '_', 2–100 characters. */
const ckanName = (s: string) => s.toLowerCase().replace(/[^a-z0-9_-]/g, '_');

/** A dataset's name: its resource code (类-项-目-细目/provider/sequence, globally unique) with '/' as '_'. */
export const datasetName = (resourceCode: string) => ckanName(resourceCode);

/** An organization's name: its department's code (globally unique), lowercased. */
export const organizationName = (departmentCode: string) => ckanName(departmentCode);

/**
 * A group's name: a theme is Chinese text, which CKAN's name rule forbids, so its name is `theme-` and the FNV-1a
 * hash of the text (its title and display name stay the Chinese text). Deterministic: the same theme, the same name.
 */
export function groupName(theme: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(theme)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return `theme-${h.toString(16).padStart(8, '0')}`;
}

/** The fields a query clause may name; `text` (and a bare term) looks in the title, description, code, themes and department. */
export const SEARCH_FIELDS = ['text', 'id', 'name', 'title', 'notes', 'tags', 'groups', 'organization'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export interface SearchClause {
  field: SearchField;
  value: string;
}

/**
 * A `q` or `fq` of the supported subset: clauses separated by spaces, all of which must match (AND); a clause is a
 * term, a "quoted phrase", or `field:term` / `field:"phrase"` with an optional leading `+`; the word AND between
 * clauses is allowed; `*:*` (or nothing) matches everything. Refused: OR, NOT, `-`, grouping, ranges, wildcards,
 * fuzzy and boosts, unknown fields — a message says which.
 */
export function parseSolrQuery(input: string): { ok: true; clauses: SearchClause[] } | { ok: false; message: string } {
  const clauses: SearchClause[] = [];
  const re = /\s*(\+?)(?:([A-Za-z_]+):)?(?:"([^"]*)"|([^\s"]+))\s*/y;
  let at = 0;
  const text = input.trim();
  if (text === '' || text === '*:*') return { ok: true, clauses };
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return { ok: false, message: `Unsupported query syntax at "${text.slice(at, at + 20)}"` };
    at = re.lastIndex;
    const [, , field, quoted, bare] = m;
    if (!field && bare === 'AND') continue;
    if (!field && (bare === 'OR' || bare === 'NOT' || bare === '||' || bare === '&&'))
      return { ok: false, message: `Unsupported operator ${bare}: clauses are combined with AND` };
    const value = quoted ?? bare!;
    if (quoted === undefined && /[()[\]{}*?~^\\!]|^-/.test(value))
      return { ok: false, message: `Unsupported query syntax in "${value}": no grouping, ranges, wildcards, fuzzy, boosts or negation` };
    if (field && !(SEARCH_FIELDS as readonly string[]).includes(field))
      return { ok: false, message: `Unknown search field "${field}" (supported: ${SEARCH_FIELDS.join(', ')})` };
    if (value === '') continue;
    clauses.push({ field: (field ?? 'text') as SearchField, value });
  }
  return { ok: true, clauses };
}

/** package_search sorts: these fields, asc or desc, comma-separated; `score` is accepted and adds nothing (no ranking). */
export const SORT_FIELDS = ['name', 'title_string', 'metadata_modified', 'metadata_created'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export function parseSolrSort(input: string): { ok: true; keys: { field: SortField; desc: boolean }[] } | { ok: false; message: string } {
  const keys: { field: SortField; desc: boolean }[] = [];
  for (const part of input.split(',')) {
    const m = /^\s*([A-Za-z_]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) return { ok: false, message: `Unsupported sort "${part.trim()}"` };
    const [, field, dir] = m;
    if (field === 'score') continue;
    if (!(SORT_FIELDS as readonly string[]).includes(field!))
      return { ok: false, message: `Cannot sort by "${field}" (supported: score, ${SORT_FIELDS.join(', ')})` };
    keys.push({ field: field as SortField, desc: dir?.toLowerCase() === 'desc' });
  }
  return { ok: true, keys };
}

/** Facets package_search counts (facet.field). */
export const FACET_FIELDS = ['organization', 'groups', 'tags'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];
