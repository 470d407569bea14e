/** The roles a user or an API token can have, and what each may do (src/server/permissions.ts). */
export const ROLES = [
  { value: 'viewer', label: 'Viewer', what: 'reads dashboards, devices, alerts, incidents and rules' },
  { value: 'analyst', label: 'Analyst', what: 'also hunts, triages alerts and incidents, manages rules' },
  { value: 'admin', label: 'Administrator', what: 'also manages users, tokens, enrolment and notifications' },
];
