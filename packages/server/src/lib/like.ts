/** An ILIKE pattern matching `q` anywhere, its wildcard characters taken literally. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
