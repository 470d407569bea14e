/** Geospatial functions: S2's sphere, the documented distance, invalid coordinates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';

const { run } = await testStore();

test('geo_distance_2points: the documented Seattle to Los Angeles distance; null for coordinates out of range', async () => {
  const [[d, bad, lat, same, nul]] = (await run(`print geo_distance_2points(-122.407628, 47.578557, -118.275287, 34.019056),
    geo_distance_2points(300, 1, 1, 1), geo_distance_2points(1, 91, 1, 1), geo_distance_2points(10, 10, 10, 10), geo_distance_2points(real(null), 1, 1, 1)`)).rows;
  assert.ok(Math.abs((d as number) - 1546754.35197381) < 1e-6, String(d));
  assert.deepEqual([bad, lat, same, nul], [null, null, 0, null]);
});

test('geo_point_in_circle: within the radius in meters, boundary included; a radius that is not positive gives null', async () => {
  const r = await run(`datatable(name:string, lon:real, lat:real)['near', -122.30, 47.60, 'far', -118.27, 34.01, 'bad', 500, 0]
    | extend inside = geo_point_in_circle(lon, lat, -122.33, 47.61, 3000) | project name, inside`);
  assert.deepEqual(r.rows, [['near', true], ['far', false], ['bad', null]]);
  const [[edge, zero]] = (await run(`let d = geo_distance_2points(0, 0, 0, 1);
    print geo_point_in_circle(0, 1, 0, 0, d), geo_point_in_circle(0, 1, 0, 0, 0.0)`)).rows;
  assert.deepEqual([edge, zero], [true, null]);
});
