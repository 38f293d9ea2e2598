import { and, eq, exists, ne, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  agreements,
  applications,
  calls,
  expertAssignments,
  expertReviews,
  notifications,
  organisations,
  apiKeys,
  platformResources,
  sharingRequests,
  pilots,
  users,
} from '../db/schema.js';
import type { Actor } from './actor.js';

/**
 * Which rows exist for an actor at all. Every repository method takes a Scope and applies the
 * predicate for its table; a row outside the scope behaves as missing (404).
 */
export type Scope =
  | { tier: 'ministry' }
  | { tier: 'province'; orgId: string }
  | { tier: 'provincialGovernment'; orgId: string; provinceCode: string }
  | { tier: 'pilot'; orgId: string; pilotId: string }
  | { tier: 'expert'; orgId: string; userId: string }
  | { tier: 'applicant'; orgId: string }
  /** 委办局: its city's public information platform, never the programme's paperwork */
  | { tier: 'department'; orgId: string; pilotId: string };

/** Every row: for jobs, integrity checks and look-ups made after the caller's own scope was checked. */
export const EVERYTHING: Scope = { tier: 'ministry' };

export function scopeOf(actor: Actor): Scope {
  switch (actor.tier) {
    case 'ministry':
      return { tier: 'ministry' };
    case 'province':
      return { tier: 'province', orgId: actor.organisationId };
    case 'provincialGovernment':
      return { tier: 'provincialGovernment', orgId: actor.organisationId, provinceCode: actor.provinceCode ?? '' };
    case 'pilot':
      if (!actor.pilotId) throw new Error(`pilot organisation ${actor.organisationCode} has no pilot`);
      return { tier: 'pilot', orgId: actor.organisationId, pilotId: actor.pilotId };
    case 'expert':
      return { tier: 'expert', orgId: actor.organisationId, userId: actor.userId };
    case 'applicant':
      return { tier: 'applicant', orgId: actor.organisationId };
    case 'department':
      if (!actor.pilotId) throw new Error(`department ${actor.organisationCode} serves no pilot`);
      return { tier: 'department', orgId: actor.organisationId, pilotId: actor.pilotId };
  }
}

/** Row predicates per table. `undefined` means no restriction (the Ministry). */
export const visible = {
  pilots(scope: Scope): SQL | undefined {
    switch (scope.tier) {
      case 'ministry':
        return undefined;
      case 'province': // 丙方: the pilots it supervises
        return eq(pilots.supervisorOrgId, scope.orgId);
      case 'provincialGovernment':
        return eq(pilots.provinceCode, scope.provinceCode);
      case 'pilot':
        return eq(pilots.id, scope.pilotId);
      case 'expert':
        return exists(
          sql`(select 1 from ${expertAssignments} where ${and(
            eq(expertAssignments.pilotId, pilots.id),
            eq(expertAssignments.expertUserId, scope.userId),
          )})`,
        );
      case 'applicant': // not a pilot (yet): sees no pilot's records
      case 'department': // the platform's data is not the programme's paperwork
        return sql`false`;
    }
  },

  organisations(scope: Scope): SQL | undefined {
    switch (scope.tier) {
      case 'ministry':
        return undefined;
      case 'province': // itself and the pilot governments it supervises
      case 'pilot': // itself and its departments (委办局)
        return sql`(${organisations.id} = ${scope.orgId} or ${organisations.parentId} = ${scope.orgId})`;
      case 'provincialGovernment':
      case 'department':
      case 'expert':
      case 'applicant':
        return eq(organisations.id, scope.orgId);
    }
  },

  /** Rows owned by a pilot (task books, reports …) are visible where the pilot is. */
  byPilot(scope: Scope, pilotIdColumn: PgColumn): SQL | undefined {
    if (scope.tier === 'ministry') return undefined;
    if (scope.tier === 'pilot') return eq(pilotIdColumn, scope.pilotId);
    return sql`${pilotIdColumn} in (select ${pilots.id} from ${pilots} where ${visible.pilots(scope)})`;
  },

  /** 申报: the applicant, its province's department (初审), the experts assigned to it, the Ministry. */
  applications(scope: Scope): SQL | undefined {
    switch (scope.tier) {
      case 'department':
        return sql`false`;
      case 'ministry':
        return undefined;
      case 'province':
        return eq(applications.supervisorOrgId, scope.orgId);
      case 'provincialGovernment':
        return eq(applications.provinceCode, scope.provinceCode);
      case 'applicant':
      case 'pilot': // a designated applicant keeps seeing its application
        return eq(applications.organisationId, scope.orgId);
      case 'expert':
        return exists(
          sql`(select 1 from ${expertReviews} where ${and(
            eq(expertReviews.subjectType, 'application'),
            eq(expertReviews.subjectId, applications.id),
            eq(expertReviews.expertUserId, scope.userId),
          )})`,
        );
    }
  },

  /** 共同推进协议: the Ministry, the provincial government that is party to it, and that province's department (read). */
  agreements(scope: Scope): SQL | undefined {
    switch (scope.tier) {
      case 'ministry':
        return undefined;
      case 'provincialGovernment':
        return eq(agreements.organisationId, scope.orgId);
      case 'province':
        return sql`${agreements.provinceCode} = (select ${organisations.provinceCode} from ${organisations} where ${organisations.id} = ${scope.orgId})`;
      default:
        return sql`false`;
    }
  },

  /**
   * 城市公共信息平台: a pilot's platform (catalog, requests, health) is seen by the pilot's government and departments,
   * the provinces that see the pilot and the Ministry; never by experts or applicants. Reading records is a further
   * rule (abilities.ts `recordAccess`): province and Ministry never read them.
   */
  platform(scope: Scope, pilotIdColumn: PgColumn): SQL | undefined {
    switch (scope.tier) {
      case 'ministry':
        return undefined;
      case 'pilot':
      case 'department':
        return eq(pilotIdColumn, scope.pilotId);
      case 'province':
      case 'provincialGovernment':
        return visible.byPilot(scope, pilotIdColumn);
      case 'expert':
      case 'applicant':
        return sql`false`;
    }
  },

  /** A draft resource is its provider's until published; the catalog shows the rest. */
  resources(scope: Scope): SQL {
    const drafts =
      scope.tier === 'department'
        ? sql`(${platformResources.status} <> 'draft' or ${platformResources.providerOrgId} = ${scope.orgId})`
        : sql`${platformResources.status} <> 'draft'`;
    const where = visible.platform(scope, platformResources.pilotId);
    return where ? sql`(${where} and ${drafts})` : drafts;
  },

  /** 开放数据: what the public reads of any pilot's platform — a published 无条件共享 resource flagged open data. */
  openData(): SQL {
    return sql`(${platformResources.status} = 'published' and ${platformResources.openData} and ${platformResources.sharingClass} = 'unconditional')`;
  },

  /** A department sees the requests it made and those made of it; the platform's other readers see them all. */
  sharingRequests(scope: Scope): SQL | undefined {
    const where = visible.platform(scope, sharingRequests.pilotId);
    if (scope.tier !== 'department') return where;
    return sql`(${where} and (${sharingRequests.consumerOrgId} = ${scope.orgId} or ${sharingRequests.providerOrgId} = ${scope.orgId}))`;
  },

  /** API keys are their department's alone. */
  apiKeys(scope: Scope): SQL {
    return scope.tier === 'department' ? eq(apiKeys.organisationId, scope.orgId) : sql`false`;
  },

  /** A call is announced to everyone once it opens; while it is a draft only the Ministry sees it (calls have no tenant). */
  calls(scope: Scope): SQL | undefined {
    return scope.tier === 'ministry' ? undefined : ne(calls.status, 'draft');
  },

  /** Notifications belong to an organisation, whatever its tier: everyone in it sees them, nobody else does. */
  notifications(organisationId: string | Placeholder): SQL {
    return eq(notifications.organisationId, organisationId);
  },

  /** The people an administrator manages: their own organisation's, whatever its tier (the Ministry's too). */
  managedUsers(actor: Pick<Actor, 'organisationId'>): SQL {
    return eq(users.organisationId, actor.organisationId);
  },

  /** People are visible where their organisation is. */
  users(scope: Scope): SQL | undefined {
    const orgs = visible.organisations(scope);
    return orgs ? exists(sql`(select 1 from ${organisations} where ${organisations.id} = ${users.organisationId} and ${orgs})`) : undefined;
  },
};
