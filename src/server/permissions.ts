/**
 * What a caller may do. Routes ask for a permission, never for a role, so roles are defined here, in one place.
 */
export type Permission =
  | 'read'          // dashboards, devices, alerts, incidents, rules (read only)
  | 'hunt'          // run KQL, save queries
  | 'triage'        // update alerts and incidents, comment
  | 'rules'         // create, edit, enable, run rules
  | 'admin';        // enrolment keys, users, tokens, notification channels, settings, audit log

export const PERMISSIONS: readonly Permission[] = ['read', 'hunt', 'triage', 'rules', 'admin'];

export type Role = 'admin' | 'analyst' | 'viewer';

export const ROLES: readonly Role[] = ['admin', 'analyst', 'viewer'];

/** admin: everything; analyst: hunt, triage alerts and incidents, manage rules; viewer: read only. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  admin: new Set(PERMISSIONS),
  analyst: new Set<Permission>(['read', 'hunt', 'triage', 'rules']),
  viewer: new Set<Permission>(['read']),
};

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}
