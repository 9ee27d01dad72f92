/**
 * The KML territory checker's public types (contract §6). The app (local check, in a Web Worker),
 * the CLI (`sftp-import check-territories`) and the emulator (processing a drop) all use the one
 * implementation behind these types. std.
 */
import type { AsciiDecoding } from '../util/utf8-stream.ts';

/** One position in KML order: longitude first, then latitude (degrees, WGS 84). */
export type Position = [lon: number, lat: number];

/** A bounding box in GeoJSON order: west, south, east, north. */
export type BBox = [west: number, south: number, east: number, north: number];

/** Why one Placemark cannot become a territory (contract §6). */
export type TerritoryProblemCode =
  | 'missing-name'
  | 'missing-geometry'
  | 'multi-geometry'
  | 'point'
  | 'line-string'
  | 'unsupported-geometry'
  | 'several-geometries'
  | 'no-outer-boundary'
  | 'several-outer-boundaries'
  | 'several-rings'
  | 'hole'
  | 'no-coordinates'
  | 'bad-coordinate'
  | 'longitude-out-of-range'
  | 'latitude-out-of-range'
  | 'too-few-positions'
  | 'ring-not-closed'
  | 'self-intersection'
  | 'too-many-vertices';

/** Why a whole file cannot be read; every Placemark in it then counts for nothing. */
export type KmlFileProblemCode =
  | 'doctype'
  | 'malformed-xml'
  /** Not UTF-8 text; also a KMZ/ZIP or gzip under a .kml name, which the message names (issue 14). */
  | 'not-utf8'
  | 'not-kml'
  | 'no-placemarks'
  | 'too-many-placemarks'
  | 'coordinates-too-large';

export type KmlFileProblem = {
  code: KmlFileProblemCode;
  /** Plain words that say what is wrong and what to do. */
  message: string;
  /** 1-based line of the problem, when it has a place in the file. */
  line?: number;
  /** 1-based column of the problem, when it has a place in the file. */
  column?: number;
};

/** A Placemark that is a valid territory. */
export type ValidPlacemark = {
  /** The Placemark's position in the file, counting from 1. */
  index: number;
  /** The Placemark's `name`, trimmed (never empty for a valid one). */
  name: string;
  /** 1-based line where the `<Placemark>` starts. */
  line: number;
  ok: true;
  /** The outer ring exactly as the file gives it (closed: the last position equals the first). */
  polygon: { outer: Position[] };
  bbox: BBox;
  /** The ring's area centroid. */
  centroid: Position;
};

/** A Placemark that cannot become a territory, with the reason. */
export type InvalidPlacemark = {
  index: number;
  /** The Placemark's `name`, trimmed; null when missing or empty. */
  name: string | null;
  line: number;
  ok: false;
  code: TerritoryProblemCode;
  /** Plain words that say what is wrong and what to do. */
  message: string;
  /** Rings or lines that could be read, for highlighting on a map (absent when unreadable). */
  geometry?: Position[][];
};

export type PlacemarkResult = ValidPlacemark | InvalidPlacemark;

/** What a whole file came to. */
export type KmlSummary = {
  /** Placemarks handed out (valid + invalid). */
  placemarks: number;
  valid: number;
  invalid: number;
  /** e.g. a NetworkLink that was ignored, two Placemarks with the same name. */
  warnings: string[];
  /** Set when the whole file fails (a DOCTYPE, malformed XML, not UTF-8, ...). */
  fileError?: KmlFileProblem;
};

export type KmlReaderOptions = {
  /** Called with each Placemark as soon as it closes, synchronously, in file order. */
  onPlacemark(p: PlacemarkResult): void;
  /** A polygon with more positions fails with `too-many-vertices` (default 1,000,000). */
  maxVerticesPerPolygon?: number;
  /** More Placemarks than this fails the file with `too-many-placemarks` (default 100,000). */
  maxPlacemarks?: number;
  /** A faster decoder for all-ASCII text where the platform has one (Node: engine/ascii-decoding.ts). */
  ascii?: AsciiDecoding;
};

/** A push-based reader: feed it bytes as they arrive, then end it. */
export type KmlReader = {
  /** Feeds the next chunk of the file's bytes, of any size. Ignored once the file has failed. */
  push(chunk: Uint8Array): void;
  /** Signals the end of the file and returns the summary. */
  end(): KmlSummary;
};
