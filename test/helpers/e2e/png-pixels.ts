/**
 * Reads the pixels of a PNG screenshot (8-bit RGB or RGBA, not interlaced: what Chromium writes)
 * with node:zlib, so a test can tell what a WebGL map actually drew. node, tests only.
 */
import { inflateSync } from 'node:zlib';

export type Pixels = { width: number; height: number; rgba: Uint8Array };

/** Decodes `png`; throws on a kind of PNG a screenshot never is. */
export function decodePng(png: Buffer): Pixels {
  const { width, height, channels, data } = readChunks(png);
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let prev: Uint8Array = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const cur = unfilterLine(data, y, stride, channels, prev);
    for (let px = 0; px < width; px++) {
      const o = (y * width + px) * 4;
      out.set(cur.subarray(px * channels, px * channels + 3), o);
      out[o + 3] = channels === 4 ? (cur[px * channels + 3] ?? 255) : 255;
    }
    prev = cur;
  }
  return { width, height, rgba: out };
}

/** The header's size and channels, and the inflated image data. */
function readChunks(png: Buffer): {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
} {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let at = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header) throw new Error('PNG without a header');
  const [depth, colour, interlace] = [header[8], header[9], header[12]];
  if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) {
    throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour})`);
  }
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    channels: colour === 6 ? 4 : 3,
    data: inflateSync(Buffer.concat(idat)),
  };
}

/** Row `y` with its PNG filter undone (each row starts with its filter type byte). */
function unfilterLine(
  data: Buffer,
  y: number,
  stride: number,
  channels: number,
  prev: Uint8Array,
): Uint8Array {
  const filter = data[y * (stride + 1)] ?? 0;
  const line = data.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
  const cur = new Uint8Array(stride);
  for (let i = 0; i < stride; i++) {
    const a = i >= channels ? (cur[i - channels] ?? 0) : 0;
    const c = i >= channels ? (prev[i - channels] ?? 0) : 0;
    cur[i] = ((line[i] ?? 0) + unfilter(filter, a, prev[i] ?? 0, c)) & 0xff;
  }
  return cur;
}

function unfilter(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`bad PNG filter ${filter}`);
  }
}

/** How many pixels are within `tolerance` (per channel) of the colour `[r, g, b]`. */
export function countColour(p: Pixels, rgb: readonly [number, number, number], tolerance = 12) {
  let n = 0;
  for (let i = 0; i < p.rgba.length; i += 4) {
    if (
      Math.abs((p.rgba[i] ?? 0) - rgb[0]) <= tolerance &&
      Math.abs((p.rgba[i + 1] ?? 0) - rgb[1]) <= tolerance &&
      Math.abs((p.rgba[i + 2] ?? 0) - rgb[2]) <= tolerance
    ) {
      n++;
    }
  }
  return n;
}
