/**
 * A streaming KML 2.2 reader that checks each Placemark against the territory rules
 * (contract §6) and hands it out as soon as it closes, so memory holds one Placemark at a time
 * whatever the file's size. Built on saxes; bytes in, any chunk sizes. std.
 *
 * Safety: any `<!DOCTYPE` fails the file before its body is read (no entities, so no billion
 * laughs and no XXE); `NetworkLink` and `href` are never fetched, only noted in a warning.
 */
import { SaxesParser } from 'saxes';
import { createCoordinateBuffer, parseCoordinates } from './coordinates.ts';
import { createUtf8Stream } from '../util/utf8-stream.ts';
import {
  compressedKmlMessage,
  compressedMagicBytes,
  sniffCompressed,
} from '../csv/compressed-input.ts';
import { judge, type OpenPlacemark } from './territory-rules.ts';
import type {
  KmlFileProblem,
  KmlReader,
  KmlReaderOptions,
  KmlSummary,
  PlacemarkResult,
  TerritoryProblemCode,
} from './types.ts';

/** Default cap on positions in one polygon. */
export const DEFAULT_MAX_VERTICES = 1_000_000;
/** Default cap on Placemarks in one file. */
export const DEFAULT_MAX_PLACEMARKS = 100_000;

/** Local names of KML geometry elements that may stand directly in a Placemark. */
const GEOMETRIES = new Set([
  'Point',
  'LineString',
  'LinearRing',
  'Polygon',
  'MultiGeometry',
  'Model',
  'Track',
  'MultiTrack',
]);

const DOCTYPE_MESSAGE =
  'KML with a DOCTYPE is not supported (it can hide entity attacks); export the file again without it.';

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * Creates a reader. `onPlacemark` gets each Placemark (valid or not) in file order; `end()`
 * returns the counts, warnings and any file-level error.
 */
export function createKmlReader(options: KmlReaderOptions): KmlReader {
  const maxVertices = options.maxVerticesPerPolygon ?? DEFAULT_MAX_VERTICES;
  const maxPlacemarks = options.maxPlacemarks ?? DEFAULT_MAX_PLACEMARKS;
  // A single <coordinates> text is held whole while it is read: bound it by the vertex cap.
  const maxCoordinateChars = Math.max(1 << 20, maxVertices * 80);
  const decoder = createUtf8Stream(options.ascii);
  const parser = new SaxesParser({ position: true });
  // Coordinates are parsed into `buf`. An outer ring stays where it was parsed, and the two
  // buffers swap, so the ring the checks and the output read is never copied; the reader holds
  // one Placemark at a time, so the buffer is free again by the next Placemark's outer ring.
  let buf = createCoordinateBuffer();
  let spare = createCoordinateBuffer();
  const summary: KmlSummary = { placemarks: 0, valid: 0, invalid: 0, warnings: [] };
  const names = new Map<string, number>();
  const duplicateNames: string[] = [];
  let fileError: KmlFileProblem | undefined;
  let depth = 0;
  let sawRoot = false;
  let prologTail = '';
  let warnedLink = false;
  let pm: OpenPlacemark | null = null;
  /** A closed Placemark waiting to be handed out (see `flush`). */
  let pending: PlacemarkResult | null = null;
  // Text capture: only inside a Placemark's <name> or a <coordinates>; saxes skips collecting
  // text while no text handler is set, which keeps the rest of the file cheap.
  let capture: 'name' | 'coordinates' | null = null;
  let captureDepth = -1;
  let captured = 0;
  // The text of a <coordinates> element is most of a KML file. It is handed to the coordinate
  // parser directly, without saxes scanning it first (saxes then sees an empty element); the
  // lines and columns skipped that way are added back to saxes' counts.
  let bypass = false;
  let parsedInPlace = false;
  let skippedLines = 0;
  let columnShift = 0;
  let shiftLine = -1;
  const line = (): number => parser.line + skippedLines;
  const column = (): number => parser.column + (parser.line === shiftLine ? columnShift : 0);
  let parts: string[] = [];
  const onText = (t: string): void => {
    captured += t.length;
    parts.push(t);
  };

  const fail = (problem: KmlFileProblem): void => {
    fileError ??= problem;
    pending = null;
  };

  const startCapture = (kind: 'name' | 'coordinates'): void => {
    capture = kind;
    captureDepth = depth;
    captured = 0;
    parts = [];
    parser.on('text', onText);
    parser.on('cdata', onText);
  };
  const stopCapture = (): string => {
    parser.off('text');
    parser.off('cdata');
    capture = null;
    captureDepth = -1;
    const text = parts.length === 1 ? parts[0]! : parts.join('');
    parts = [];
    return text;
  };

  const placemarkProblem = (code: TerritoryProblemCode, message: string): void => {
    if (pm && !pm.problem) pm.problem = { code, message };
  };

  parser.on('error', (err) => {
    const lower = err.message.toLowerCase();
    if (lower.includes('doctype')) {
      fail({ code: 'doctype', message: DOCTYPE_MESSAGE, line: line(), column: column() });
      return;
    }
    const detail = err.message.replace(/^\d+:\d+: /, '');
    fail({
      code: 'malformed-xml',
      line: line(),
      column: column(),
      message: `The file is not well-formed XML at line ${line()}, column ${column()}: ${detail} Open it in the program that made it and export it again as KML.`,
    });
  });

  // One dispatch on the element's name and depth; kept in one place so the state is easy to follow.
  // eslint-disable-next-line complexity
  parser.on('opentag', (tag) => {
    flush();
    depth++;
    if (fileError) return;
    const name = localName(tag.name);
    if (!sawRoot) {
      sawRoot = true;
      if (name !== 'kml') {
        fail({
          code: 'not-kml',
          line: line(),
          message: `This is not a KML file: its top element is <${tag.name}>, not <kml>. Export the territories as KML 2.2.`,
        });
      }
      return;
    }
    if (name === 'NetworkLink' && !warnedLink) {
      warnedLink = true;
      summary.warnings.push(
        'The file has a NetworkLink; linked files are never fetched. Put every territory in this file.',
      );
    }
    if (!pm) {
      if (name === 'Placemark') openPlacemark();
      return;
    }
    if (depth === pm.depth + 1) {
      if (name === 'name') startCapture('name');
      else if (GEOMETRIES.has(name)) {
        pm.geometries.push(name);
        if (name === 'Polygon' && pm.geometries.length === 1) pm.polygonDepth = depth;
      }
      return;
    }
    if (pm.polygonDepth >= 0 && depth === pm.polygonDepth + 1) {
      if (name === 'outerBoundaryIs') {
        pm.outerCount++;
        pm.outerRings = 0;
        pm.role = 'outer';
      } else if (name === 'innerBoundaryIs') {
        pm.innerCount++;
        pm.role = 'inner';
      }
      return;
    }
    if (name === 'LinearRing' && pm.role === 'outer') pm.outerRings++;
    else if (name === 'coordinates' && capture === null) startCapture('coordinates');
  });

  parser.on('closetag', () => {
    flush();
    if (fileError) {
      depth--;
      return;
    }
    if (capture !== null && depth === captureDepth) {
      const kind = capture;
      const text = stopCapture();
      if (pm) {
        if (kind === 'name') pm.name = text.trim() || null;
        else if (!parsedInPlace) readCoordinates(pm, text, 0, text.length);
      }
      parsedInPlace = false;
    } else if (pm) {
      if (depth === pm.depth) closePlacemark(pm);
      else if (pm.polygonDepth >= 0 && depth === pm.polygonDepth + 1) pm.role = 'other';
    }
    depth--;
  });

  const openPlacemark = (): void => {
    if (summary.placemarks >= maxPlacemarks) {
      fail({
        code: 'too-many-placemarks',
        line: line(),
        message: `The file has more than ${maxPlacemarks.toLocaleString('en-US')} Placemarks. Split it into several files with the same level prefix.`,
      });
      return;
    }
    pm = {
      index: summary.placemarks + 1,
      line: line(),
      depth,
      name: null,
      geometries: [],
      polygonDepth: -1,
      outerCount: 0,
      innerCount: 0,
      outerRings: 0,
      role: 'other',
      outer: null,
      outerN: 0,
      rings: [],
      problem: null,
    };
  };

  const readCoordinates = (p: OpenPlacemark, text: string, from: number, to: number): void => {
    const r = parseCoordinates(text, buf, maxVertices, from, to);
    if (!r.ok) {
      placemarkProblem(r.code, r.message);
      return;
    }
    if (p.role === 'outer' && p.outer === null) {
      p.outer = buf.data;
      p.outerN = r.n;
      p.rings.push(buf.data);
      const parsed = buf;
      buf = spare;
      spare = parsed;
      return;
    }
    p.rings.push(buf.data.slice(0, 2 * r.n));
  };

  // A closed Placemark is handed out at the next event, not at once: saxes reports a mismatched
  // close tag only after closing the elements in between, and a Placemark closed that way must
  // not come out of a file that turns out malformed.
  const closePlacemark = (p: OpenPlacemark): void => {
    pm = null;
    pending = judge(p);
  };
  const flush = (): void => {
    const result = pending;
    if (result === null) return;
    pending = null;
    if (fileError) return;
    summary.placemarks++;
    if (result.ok) summary.valid++;
    else summary.invalid++;
    if (result.name !== null) {
      const first = names.get(result.name);
      if (first === undefined) names.set(result.name, result.index);
      else if (duplicateNames.length < 20) {
        duplicateNames.push(
          `Placemarks #${first} and #${result.index} are both named "${result.name}"; the later shape replaces the earlier one.`,
        );
      }
    }
    options.onPlacemark(result);
  };

  // Where the next '&', '\n' and '\r' lie in the text being written (its length if none), so
  // each character is searched at most once per text however many elements it holds.
  let rescan = true; // set for each new text
  let ampAt = 0;
  let nlAt = 0;
  let crAt = 0;
  const nextOf = (text: string, ch: string, from: number): number => {
    const at = text.indexOf(ch, from);
    return at < 0 ? text.length : at;
  };

  /** Adds the lines and columns of text [from, to), which saxes never sees, to its counts. */
  const skipLines = (text: string, from: number, to: number): void => {
    let lines = 0;
    let last = from - 1;
    if (nlAt < from) nlAt = nextOf(text, '\n', from);
    while (nlAt < to) {
      lines++;
      last = nlAt;
      nlAt = nextOf(text, '\n', nlAt + 1);
    }
    if (crAt < from) crAt = nextOf(text, '\r', from);
    while (crAt < to) {
      // rare: CR line endings (a CR before LF is already counted with the LF)
      if (crAt + 1 >= to || text.charCodeAt(crAt + 1) !== 0x0a) lines++;
      crAt = nextOf(text, '\r', crAt + 1);
    }
    if (lines > 0) {
      skippedLines += lines;
      columnShift = to - last - 1 - parser.column;
    } else if (parser.line === shiftLine) {
      columnShift += to - from;
    } else {
      columnShift = to - from;
    }
    shiftLine = parser.line;
  };

  /** Takes coordinate text [from, to) of `text` past saxes; returns false to leave it to saxes. */
  const takeCoordinates = (text: string, from: number, to: number, whole: boolean): boolean => {
    if (to === from) return true;
    if (rescan) {
      rescan = false;
      ampAt = nextOf(text, '&', from);
      nlAt = nextOf(text, '\n', from);
      crAt = nextOf(text, '\r', from);
    }
    if (ampAt < from) ampAt = nextOf(text, '&', from);
    if (ampAt < to) return false; // an entity: let saxes decode it
    if (whole && parts.length === 0 && pm) {
      // The whole element is in this piece of text: parse it where it lies, no copy.
      readCoordinates(pm, text, from, to);
      parsedInPlace = true;
    } else {
      parts.push(text.slice(from, to));
    }
    captured += to - from;
    skipLines(text, from, to);
    return true;
  };

  const write = (text: string): void => {
    rescan = true;
    let pos = 0;
    const len = text.length;
    while (pos < len && !fileError) {
      if (bypass) {
        const lt = text.indexOf('<', pos);
        const end = lt < 0 ? len : lt;
        if (!takeCoordinates(text, pos, end, lt >= 0)) {
          bypass = false;
          continue;
        }
        pos = end;
        if (lt >= 0) bypass = false;
        continue;
      }
      const at = text.indexOf('<coordinates>', pos);
      if (at < 0) {
        parser.write(pos === 0 ? text : text.slice(pos));
        flush();
        break;
      }
      const stop = at + '<coordinates>'.length;
      parser.write(text.slice(pos, stop));
      flush();
      pos = stop;
      bypass = capture === 'coordinates' && parts.length === 0;
    }
    if (capture === 'coordinates' && captured > maxCoordinateChars) {
      fail({
        code: 'coordinates-too-large',
        line: line(),
        message: `Placemark #${summary.placemarks + 1} has a coordinate list longer than ${maxCoordinateChars.toLocaleString('en-US')} characters (over ${maxVertices.toLocaleString('en-US')} positions). Simplify the polygon and export the file again.`,
      });
    }
  };

  const pushText = (text: string): void => {
    if (fileError || text.length === 0) return;
    if (!sawRoot) {
      // A DOCTYPE may only stand before the root element: look for one there, and stop before
      // saxes reads its body.
      const seen = prologTail + text;
      const at = seen.indexOf('<!DOCTYPE');
      if (at >= 0) {
        const before = at - prologTail.length;
        if (before > 0) parser.write(text.slice(0, before));
        if (!sawRoot && !fileError) {
          fail({ code: 'doctype', message: DOCTYPE_MESSAGE });
          return;
        }
        if (fileError) return;
        write(text.slice(Math.max(0, before)));
        return;
      }
      prologTail = seen.slice(-8);
    }
    write(text);
  };

  const guard = (f: () => void): void => {
    try {
      f();
    } catch (err) {
      if (err instanceof TypeError && /decod|encod/i.test(err.message)) {
        fail({
          code: 'not-utf8',
          message:
            'The file is not valid UTF-8. KML must be UTF-8: export it again with that encoding.',
        });
        return;
      }
      throw err;
    }
  };

  // The first bytes are held until there are enough to tell a KMZ/ZIP or gzip (issue 14).
  let head: Uint8Array | undefined = new Uint8Array(0);
  const firstBytes = (chunk: Uint8Array, final: boolean): Uint8Array | undefined => {
    const joined = new Uint8Array(head!.length + chunk.length);
    joined.set(head!);
    joined.set(chunk, head!.length);
    if (joined.length < compressedMagicBytes && !final) {
      head = joined;
      return undefined;
    }
    head = undefined;
    const packed = sniffCompressed(joined);
    if (packed !== undefined) {
      fail({ code: 'not-utf8', message: compressedKmlMessage(packed) });
      return undefined;
    }
    return joined;
  };

  return {
    push(chunk) {
      if (fileError) return;
      const bytes = head === undefined ? chunk : firstBytes(chunk, false);
      if (bytes !== undefined) guard(() => pushText(decoder.decode(bytes)));
    },
    end() {
      if (!fileError && head !== undefined) {
        const bytes = firstBytes(new Uint8Array(0), true);
        if (bytes !== undefined) guard(() => pushText(decoder.decode(bytes)));
      }
      if (!fileError) guard(() => pushText(decoder.end()));
      if (!fileError) parser.close();
      flush();
      if (!fileError && summary.placemarks === 0) {
        fail({
          code: 'no-placemarks',
          message:
            'The file has no Placemark, so no territory can be made from it. Add one Placemark with a Polygon per territory.',
        });
      }
      summary.warnings.push(...duplicateNames);
      if (fileError) summary.fileError = fileError;
      return summary;
    },
  };
}

/** Reads a whole KML text and collects every Placemark (for small files and tests). */
export function checkKmlText(
  text: string,
  opts: Omit<KmlReaderOptions, 'onPlacemark'> = {},
): { placemarks: PlacemarkResult[]; summary: KmlSummary } {
  return checkKmlBytes(new TextEncoder().encode(text), opts);
}

/** Reads a whole KML file's bytes and collects every Placemark (for small files and tests). */
export function checkKmlBytes(
  bytes: Uint8Array,
  opts: Omit<KmlReaderOptions, 'onPlacemark'> = {},
): { placemarks: PlacemarkResult[]; summary: KmlSummary } {
  const placemarks: PlacemarkResult[] = [];
  const reader = createKmlReader({ ...opts, onPlacemark: (p) => placemarks.push(p) });
  reader.push(bytes);
  return { placemarks, summary: reader.end() };
}
