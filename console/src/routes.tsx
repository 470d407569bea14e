/** Every screen and its path. Heavy screens (the hunting editor) load on first visit, not with the dashboard. */
import { lazy, type ComponentType } from 'react';
import type { Permission } from './session';
import DashboardPage from './pages/dashboard/dashboard-page';

type Screen = ComponentType<{ params: Record<string, string> }>;

export interface Route { path: string; screen: Screen; title: string; permission?: Permission }

const page = (load: () => Promise<{ default: Screen }>) => lazy(load);

export const ROUTES: Route[] = [
  // the landing screen comes with the shell: no second round trip before the first numbers
  { path: '/', title: 'Dashboard', screen: DashboardPage },
  { path: '/devices', title: 'Devices', screen: page(() => import('./pages/devices/devices-page')) },
  { path: '/devices/:id', title: 'Device', screen: page(() => import('./pages/devices/device-page')) },
  { path: '/alerts', title: 'Alerts', screen: page(() => import('./pages/alerts/alerts-page')) },
  { path: '/alerts/:id', title: 'Alert', screen: page(() => import('./pages/alerts/alert-page')) },
  { path: '/incidents', title: 'Incidents', screen: page(() => import('./pages/incidents/incidents-page')) },
  { path: '/incidents/:id', title: 'Incident', screen: page(() => import('./pages/incidents/incident-page')) },
  { path: '/hunting', title: 'Advanced hunting', permission: 'hunt', screen: page(() => import('./pages/hunting/hunting-page')) },
  { path: '/rules', title: 'Detection rules', screen: page(() => import('./pages/rules/rules-page')) },
  { path: '/rules/new', title: 'New detection rule', permission: 'rules', screen: page(() => import('./pages/rules/rule-form-page')) },
  { path: '/rules/:id', title: 'Detection rule', screen: page(() => import('./pages/rules/rule-page')) },
  { path: '/rules/:id/edit', title: 'Edit detection rule', permission: 'rules', screen: page(() => import('./pages/rules/rule-form-page')) },
  { path: '/settings', title: 'Settings', screen: page(() => import('./pages/settings/settings-page')) },
];

/** The sidebar. */
export const NAV: { path: string; label: string; permission?: Permission }[] = [
  { path: '/', label: 'Dashboard' },
  { path: '/devices', label: 'Devices' },
  { path: '/incidents', label: 'Incidents' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/hunting', label: 'Advanced hunting', permission: 'hunt' },
  { path: '/rules', label: 'Detection rules' },
  { path: '/settings', label: 'Settings' },
];
