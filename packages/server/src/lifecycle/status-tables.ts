import type { PgTable } from 'drizzle-orm/pg-core';
import {
  acceptances,
  agreements,
  annualReports,
  applications,
  calls,
  extensionRequests,
  notices,
  findings,
  pilots,
  platformResources,
  platformSubscriptions,
  sharingRequests,
  taskBooks,
} from '../db/schema.js';

/**
 * The table whose status column each lifecycle moves (each has id, status, version and updated_at). Kept here,
 * beside the one status writer, so services fire by lifecycle and never touch a table themselves.
 */
export const STATUS_TABLES: Record<string, PgTable> = {
  pilot: pilots,
  taskBook: taskBooks,
  call: calls,
  application: applications,
  annualReport: annualReports,
  rectification: findings,
  acceptance: acceptances,
  agreement: agreements,
  extension: extensionRequests,
  subscription: platformSubscriptions,
  notice: notices,
  resource: platformResources,
  sharingRequest: sharingRequests,
};
