/**
 * The fast paths of event-time.ts against reference implementations (the general algorithms, written out here):
 * on random calendar texts, valid or not, both must give the same answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthReportTime, normaliseIsoTime } from './event-time.js';
import { Random } from '../../simulate/random.js';

function referenceIso(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) return null;
  const [, date, time, frac = '', zone = 'Z'] = m;
  const whole = Date.parse(`${date}T${time}${zone === 'Z' ? 'Z' : zone.length === 5 ? zone.slice(0, 3) + ':' + zone.slice(3) : zone}`);
  if (Number.isNaN(whole)) return null;
  return new Date(whole).toISOString().slice(0, 19) + '.' + frac.slice(0, 7).padEnd(7, '0') + 'Z';
}

function referenceHealth(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?([AP]M)$/i.exec(t);
  if (!m) return t;
  const [, mo, d, y, h, mi, s, ampm] = m;
  if (y === '1601') return null;
  let hour = Number(h) % 12;
  if (ampm!.toUpperCase() === 'PM') hour += 12;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s));
  return Number.isNaN(ms) ? t : new Date(ms).toISOString().replace('.000Z', 'Z');
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

test('normaliseIsoTime agrees with the general algorithm on valid and invalid instants', () => {
  const rnd = new Random(11);
  for (let i = 0; i < 20_000; i++) {
    const digits = rnd.int(0, 9);
    const frac = digits ? '.' + Array.from({ length: digits }, () => rnd.int(0, 9)).join('') : '';
    const zone = rnd.pick(['Z', 'Z', 'Z', '', '+02:00', '-0530']);
    const text = `${pad(rnd.int(rnd.chance(0.1) ? 0 : 1000, 9999), 4)}-${pad(rnd.int(0, 13), 2)}-${pad(rnd.int(0, 32), 2)}T${pad(rnd.int(0, 24), 2)}:${pad(rnd.int(0, 60), 2)}:${pad(rnd.int(0, 60), 2)}${frac}${zone}`;
    assert.equal(normaliseIsoTime(text), referenceIso(text), text);
  }
});

test('healthReportTime agrees with the general algorithm on valid and invalid times', () => {
  const rnd = new Random(12);
  for (let i = 0; i < 20_000; i++) {
    const text = `${rnd.int(0, 13)}/${rnd.int(0, 32)}/${pad(rnd.pick([1601, 1999, 2000, 2023, 2024, 2100, rnd.int(0, 9999)]), 4)} ${rnd.int(0, 13)}:${pad(rnd.int(0, 60), 2)}:${pad(rnd.int(0, 60), 2)} ${rnd.pick(['AM', 'PM', 'am'])}`;
    assert.equal(healthReportTime(text), referenceHealth(text), text);
  }
});
