import type { Account } from '@smartcity/domain';
import type { AccountRow } from './accounts.repository.js';

export const presentAccount = (row: AccountRow): Account => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  title: row.title,
  email: row.email,
  roles: row.roles,
  disabled: row.disabled,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
});
