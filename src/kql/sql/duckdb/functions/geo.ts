/**
 * Geospatial functions on a sphere, as Kusto computes them with the S2 library: coordinates are WGS-84 degrees
 * (longitude in [-180, 180], latitude in [-90, 90], else the answer is null) and the Earth a sphere of S2's
 * radius, 6,371,010 m. The great-circle distance is the haversine formula's.
 */
import { KqlError } from '../../../errors.js';
import type { FnEmitter } from '../emit.js';

export const GEO_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kql_geo_valid(lon, lat) AS lon BETWEEN -180 AND 180 AND lat BETWEEN -90 AND 90`,
  `CREATE OR REPLACE TEMP MACRO kql_geo_distance(lon1, lat1, lon2, lat2) AS CASE
     WHEN kql_geo_valid(lon1, lat1) AND kql_geo_valid(lon2, lat2) THEN 2 * 6371010.0 * asin(sqrt(least(1.0,
       pow(sin(radians(lat2 - lat1) / 2), 2) + cos(radians(lat1)) * cos(radians(lat2)) * pow(sin(radians(lon2 - lon1) / 2), 2)))) END`,
];

const real = (sql: string) => `CAST(${sql} AS DOUBLE)`;

/** geo_distance_2points(lon1, lat1, lon2, lat2): meters; the ellipsoid form (use_spheroid = true) is not there. */
const distance: FnEmitter = (args, e) => {
  if (args.length > 4) throw new KqlError('PK001', 'Not supported yet: geo_distance_2points on the spheroid (use_spheroid)', e.span);
  return `kql_geo_distance(${args.map(real).join(', ')})`;
};

/** geo_point_in_circle(lon, lat, center lon, center lat, radius): true within radius meters (a radius must be positive). */
const inCircle: FnEmitter = args => {
  const [lon, lat, clon, clat, r] = args.map(real);
  return `(CASE WHEN ${r} > 0 THEN kql_geo_distance(${lon}, ${lat}, ${clon}, ${clat}) <= ${r} END)`;
};

export const GEO: Record<string, FnEmitter> = {
  geo_distance_2points: distance,
  geo_point_in_circle: inCircle,
};
