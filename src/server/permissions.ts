/**
 * What a caller may do. Routes ask for a permission, never for a role, so roles can be defined in one place.
 * Roles (see accounts): admin has every permission; analyst: read, hunt, triage, rules; viewer: read.
 */
export type Permission =
  | 'read'          // dashboards, devices, alerts, incidents, rules (read only)
  | 'hunt'          // run KQL, save queries
  | 'triage'        // update alerts and incidents, comment
  | 'rules'         // create, edit, enable, run rules
  | 'admin';        // enrolment keys, users, tokens, notification channels, settings, audit log
