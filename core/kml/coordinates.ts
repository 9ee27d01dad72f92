/**
 * Parses the text of a KML `<coordinates>` element (contract §6): positions separated by white
 * space, each `lon,lat[,alt]` in that order (KML puts longitude first). One pass with a hand
 * loop, no regular expression and no string per number, into a reusable `Float64Array`. std.
 */
import type { TerritoryProblemCode } from './types.ts';

/** A growable buffer of `[lon0, lat0, lon1, lat1, ...]`, reused from one element to the next. */
export type CoordinateBuffer = { data: Float64Array };

export type CoordinatesResult =
  { ok: true; n: number } | { ok: false; code: TerritoryProblemCode; message: string; n: number };

/** Creates an empty buffer. */
export function createCoordinateBuffer(): CoordinateBuffer {
  return { data: new Float64Array(1024) };
}

const POW10: number[] = [];
for (let k = 0; k <= 22; k++) POW10.push(Number(`1e${k}`));

/**
 * Parses `text` (or its part [from, to), which spares a copy) into `buf` (interleaved lon, lat;
 * altitudes are read and dropped). Stops at the
 * first bad position with a message that names it (1-based) and says what to do. More than
 * `maxPositions` positions fails with `too-many-vertices`.
 *
 * One flat loop over the characters (this runs over most of a KML file's bytes, so it is kept
 * free of calls): a number is read as an integer mantissa and a count of fraction digits, which
 * is exact when the mantissa has at most 15 digits (Clinger's fast path); anything longer, or
 * with an exponent, is handed to `Number`.
 */
// eslint-disable-next-line complexity -- one flat loop on purpose: it runs over most of the file
export function parseCoordinates(
  text: string,
  buf: CoordinateBuffer,
  maxPositions: number,
  from = 0,
  to = text.length,
): CoordinatesResult {
  const len = to;
  let data = buf.data;
  let n = 0;
  let i = from;
  // c is the character at i, or 0 past the end (NUL cannot occur in XML text).
  let c = i < len ? text.charCodeAt(i) : 0;
  for (;;) {
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      c = ++i < len ? text.charCodeAt(i) : 0;
    }
    if (i >= len) break;
    const tupleStart = i;
    let lon = NaN;
    let lat = NaN;
    let parts = 0;
    for (;;) {
      // One number.
      const start = i;
      let negative = false;
      if (c === 0x2d || c === 0x2b) {
        negative = c === 0x2d;
        c = ++i < len ? text.charCodeAt(i) : 0;
      }
      let mantissa = 0;
      let digits = 0;
      let fraction = 0;
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        c = ++i < len ? text.charCodeAt(i) : 0;
      }
      if (c === 0x2e) {
        c = ++i < len ? text.charCodeAt(i) : 0;
        while (c >= 0x30 && c <= 0x39) {
          mantissa = mantissa * 10 + (c - 0x30);
          digits++;
          fraction++;
          c = ++i < len ? text.charCodeAt(i) : 0;
        }
      }
      if (digits === 0) return badPosition(text, tupleStart, len, n);
      let value: number;
      if (c === 0x65 || c === 0x45) {
        c = ++i < len ? text.charCodeAt(i) : 0;
        if (c === 0x2d || c === 0x2b) c = ++i < len ? text.charCodeAt(i) : 0;
        const expStart = i;
        while (c >= 0x30 && c <= 0x39) c = ++i < len ? text.charCodeAt(i) : 0;
        if (i === expStart) return badPosition(text, tupleStart, len, n);
        value = Number(text.slice(start, i));
      } else if (digits <= 15 && fraction <= 22) {
        value = mantissa / POW10[fraction]!;
        if (negative) value = -value;
      } else {
        value = Number(text.slice(start, i));
      }
      if (parts === 0) lon = value;
      else if (parts === 1) lat = value;
      parts++;
      // After a number: a comma (maybe with spaces around it) continues the position; white
      // space or the end ends it; anything else is an error.
      let k = i;
      let d = c;
      while (d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) {
        d = ++k < len ? text.charCodeAt(k) : 0;
      }
      if (d === 0x2c) {
        i = k + 1;
        c = i < len ? text.charCodeAt(i) : 0;
        while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          c = ++i < len ? text.charCodeAt(i) : 0;
        }
        if (i >= len) return badPosition(text, tupleStart, len, n);
        continue;
      }
      if (k === i && i < len) return badPosition(text, tupleStart, len, n);
      break;
    }
    if (parts < 2 || parts > 3) return badPosition(text, tupleStart, len, n);
    if (!(lon >= -180 && lon <= 180)) {
      return {
        ok: false,
        code: 'longitude-out-of-range',
        n,
        message: `Position ${n + 1} ("${tupleText(text, tupleStart, len)}") has longitude ${lon}, outside -180 to 180. Fix the coordinates and export the file again.`,
      };
    }
    if (!(lat >= -90 && lat <= 90)) {
      return {
        ok: false,
        code: 'latitude-out-of-range',
        n,
        message: `Position ${n + 1} ("${tupleText(text, tupleStart, len)}") has latitude ${lat}, outside -90 to 90. KML lists longitude first (lon,lat): check the order and export the file again.`,
      };
    }
    if (n >= maxPositions) {
      return {
        ok: false,
        code: 'too-many-vertices',
        n,
        message: `The polygon has more than ${maxPositions.toLocaleString('en-US')} positions, more than the platform takes. Simplify it (fewer vertices) and export the file again.`,
      };
    }
    if (2 * n + 2 > data.length) {
      const bigger = new Float64Array(data.length * 2);
      bigger.set(data);
      data = buf.data = bigger;
    }
    data[2 * n] = lon;
    data[2 * n + 1] = lat;
    n++;
  }
  return { ok: true, n };
}

function tupleText(s: string, from: number, to: number): string {
  let end = from;
  while (end < to && !/\s/.test(s[end]!) && end - from < 60) end++;
  return s.slice(from, end);
}

function badPosition(text: string, from: number, to: number, n: number): CoordinatesResult {
  return {
    ok: false,
    code: 'bad-coordinate',
    n,
    message: `Position ${n + 1} ("${tupleText(text, from, to)}") is not "longitude,latitude" or "longitude,latitude,altitude" in decimal degrees. Separate positions with spaces, the numbers within one with commas, and export the file again.`,
  };
}
