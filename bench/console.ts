/**
 * The console's load times in real Chromium against a real server over a simulated fleet: first paint, the
 * dashboard ready with its numbers, the device list ready with every row counted, and the hunting editor ready.
 * Baseline in the same run: the dashboard's own API call (GET /api/v1/fleet/summary) timed from the same page,
 * so the ratio says how much the console adds on top of the data it shows.
 * Run: `node --import tsx bench/console.ts [--devices N] [--days D] [--runs R]` (after `npm run build`).
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { launchBrowser } from '../test/e2e/browser.js';
import { ADMIN, startFleetServer } from '../test/e2e/fleet-server.js';
import { writeSection } from './report.js';
import { cpuModel, median } from './measure.js';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const devices = arg('devices', 1000);
const days = arg('days', 2);
const runs = arg('runs', 5);
const load = loadavg().map(x => x.toFixed(2)).join(', ');

const t0 = Date.now();
const server = await startFleetServer({ devices, days, seed: 11 });
const simulateS = (Date.now() - t0) / 1000;
const browser = await launchBrowser();
const version = browser.version();

interface Sample { fcp: number; dashboard: number; api: number; devicesPage: number; hunting: number; heapMiB: number; transferKiB: number }
const samples: Sample[] = [];
try {
  for (let i = 0; i <= runs; i++) {
    // a new context each run: cold cache and a fresh sign-in, as a user opening the console for the first time today
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const login = await context.request.post(`${server.url}/api/v1/auth/login`, { data: ADMIN });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    const page = await context.newPage();
    await page.goto(server.url + '/');
    await page.getByText('Antivirus mode').first().waitFor();
    await page.getByRole('link', { name: new RegExp(`^${devices.toLocaleString('en-US')}\\s*devices`) }).first().waitFor();
    const dashboard = await page.evaluate(() => performance.now());
    const nav = await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const bytes = performance.getEntriesByType('resource').reduce((n, e) => n + ((e as PerformanceResourceTiming).transferSize || 0), 0)
        + ((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.transferSize ?? 0);
      const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
      return { fcp: paint ? paint.startTime : NaN, bytes, heap: mem ? mem.usedJSHeapSize : NaN };
    });
    const api = await page.evaluate(async () => { const s = performance.now(); await (await fetch('/api/v1/fleet/summary')).json(); return performance.now() - s; });
    // the device list: from the click to every device counted in the table
    const devStart = Date.now();
    await page.goto(server.url + '/devices');
    await page.getByText(`${devices.toLocaleString('en-US')} rows`).first().waitFor();
    const devicesPage = Date.now() - devStart;
    const huntStart = Date.now();
    await page.goto(server.url + '/hunting');
    await page.locator('.monaco-editor').first().waitFor();
    const hunting = Date.now() - huntStart;
    await context.close();
    if (i === 0) continue; // warm-up: the server's first queries and the OS file cache
    samples.push({ fcp: nav.fcp, dashboard, api, devicesPage, hunting, heapMiB: nav.heap / 2 ** 20, transferKiB: nav.bytes / 1024 });
    process.stderr.write(`run ${i}: fcp ${nav.fcp.toFixed(0)} ms, dashboard ${dashboard.toFixed(0)} ms, api ${api.toFixed(0)} ms, devices ${devicesPage} ms, hunting ${hunting} ms\n`);
  }
} finally {
  await browser.close();
  await server.close();
}

const m = (f: (s: Sample) => number) => median(samples.map(f));
const dashboardMs = m(s => s.dashboard);
const apiMs = m(s => s.api);
const body = `Produced by \`node --import tsx bench/console.ts\` (part of \`npm run bench\`): a server on loopback over a simulated fleet of
${devices.toLocaleString('en-US')} devices and ${days} days (simulated in ${simulateS.toFixed(1)} s), the production build of the console, and Debian's
Chromium (${version}) headless at 1280x800, driven by playwright-core. Each run is a new browser context (cold cache, new sign-in);
${runs} runs after one warm-up, medians. "Dashboard ready" is from navigation start until the device count is on screen; the
baseline is the dashboard's own API call, \`GET /api/v1/fleet/summary\`, timed from the same page after it loaded.

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- Machine: ${cpuModel()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory; load average at start ${load}

| Measure | Median |
|---|---:|
| First contentful paint (sign-in done, dashboard route) | ${m(s => s.fcp).toFixed(0)} ms |
| Dashboard ready (numbers on screen) | ${dashboardMs.toFixed(0)} ms |
| Baseline: \`GET /api/v1/fleet/summary\` alone | ${apiMs.toFixed(0)} ms |
| **Ratio dashboard ready / its API call** | **${(dashboardMs / apiMs).toFixed(2)}** |
| Device list ready (${devices.toLocaleString('en-US')} rows counted) | ${m(s => s.devicesPage).toFixed(0)} ms |
| Hunting editor ready (Monaco loaded on first visit) | ${m(s => s.hunting).toFixed(0)} ms |
| Bytes transferred for the dashboard | ${m(s => s.transferKiB).toFixed(0)} KiB |
| JS heap after the dashboard | ${m(s => s.heapMiB).toFixed(1)} MiB |
`;
writeSection('docs/benchmarks.md', body, '## Web console in Chromium');
process.stdout.write(body);
