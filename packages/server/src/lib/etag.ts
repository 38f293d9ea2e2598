import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/** Versions travel as strong ETags: `"3"`. */
export const setEtag = (reply: FastifyReply, version: number) => reply.header('etag', `"${version}"`);

/** The version the client last saw, from If-Match. Absent → 428, unreadable → 400. */
export function ifMatchVersion(req: FastifyRequest): number {
  // the document must say what is enforced: a route reading If-Match declares it
  if (!req.routeOptions.config.ifMatch) throw new Error(`${req.routeOptions.url}: reads If-Match without config.ifMatch`);
  const raw = req.headers['if-match'];
  if (raw === undefined || raw === '') throw new AppError(428, 'precondition_required', 'if-match');
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(raw).trim());
  if (!m) throw new AppError(400, 'invalid_format', 'if-match');
  return Number(m[1]);
}
