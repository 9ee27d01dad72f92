#!/usr/bin/env node
// Writes build/icon.png, the app icon electron-builder uses (512×512 RGBA): a rounded blue
// square with a white "upload" arrow over a tray. A tiny pure-Node PNG encoder (zlib + CRC-32),
// no image libraries. Usage: node build/make-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const size = 512;

/** Whether a pixel is inside the rounded square. */
function insideSquare(x, y) {
  const r = 96; // corner radius
  const cx = Math.min(Math.max(x, r), size - 1 - r);
  const cy = Math.min(Math.max(y, r), size - 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const between = (v, lo, hi) => v >= lo && v <= hi;

/** Whether a pixel belongs to the white "upload" glyph: an arrow over a tray. */
function inGlyph(x, y) {
  const head = between(y, 110, 250) && Math.abs(x - 256) <= (y - 110) * 0.9;
  const shaft = between(y, 251, 340) && Math.abs(x - 256) <= 36;
  const trayBottom = between(y, 370, 410) && between(x, 120, 392);
  const traySides = between(y, 300, 369) && (between(x, 120, 160) || between(x, 352, 392));
  return head || shaft || trayBottom || traySides;
}

/** RGBA of one pixel of the icon. */
function pixel(x, y) {
  if (!insideSquare(x, y)) return [0, 0, 0, 0];
  if (inGlyph(x, y)) return [255, 255, 255, 255];
  const shade = Math.round(40 * (y / size));
  return [30, 110 - shade, 210 - shade, 255];
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A PNG (colour type 6, 8-bit RGBA, no interlace) of `size`×`size` pixels. */
export function encodeIcon() {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    const row = y * (size * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'icon.png');
  writeFileSync(out, encodeIcon());
  console.log(`wrote ${out}`);
}
