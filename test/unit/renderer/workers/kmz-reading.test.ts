/**
 * A .kmz on the territories path, in the checking worker's code run in-process
 * (renderer/workers/kmz-reading.ts through check-runner.ts): checked as the KML inside it, with a
 * warning that says so, and that KML handed back to be sent in the KMZ's place
 * (renderer/features/territories/kmz-files.ts). KMZs are made here with fflate.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { profiles } from '../../../../core/profiles/profiles.ts';
import type { CheckResponse } from '../../../../renderer/workers/check-protocol.ts';
import { runCheckRequest } from '../../../../renderer/workers/check-runner.ts';
import { kmlNameFor } from '../../../../renderer/workers/kmz-reading.ts';
import {
  territoryFilesToSend,
  withKmzTerritories,
} from '../../../../renderer/features/territories/kmz-files.ts';
import { acceptFor, rejectFiles } from '../../../../renderer/features/import-wizard/file-rules.ts';
import { remoteNameFor } from '../../../../renderer/lib/remote-name.ts';

const ring = (x: number, y: number, d: number) =>
  `${x},${y} ${x + d},${y} ${x + d},${y + d} ${x},${y + d} ${x},${y}`;
const placemark = (name: string, coords: string) =>
  `<Placemark><name>${name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${placemark('Central Texas', ring(-99, 29, 2))}${placemark('Bow Tie', '-98.5,29.5 -98,30 -98,29.5 -98.5,30 -98.5,29.5')}</Document></kml>`;

/** A KMZ as Google Earth writes it: doc.kml first, then its images. */
const kmz = (entries: Record<string, string> = { 'doc.kml': kml, 'files/icon.png': 'PNG' }) =>
  new Blob([zipSync(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, strToU8(v)])))]);

async function checkKml(files: { name: string; file: Blob }[]) {
  const out: CheckResponse[] = [];
  await runCheckRequest({ type: 'check-kml', files }, (m) => out.push(m));
  const last = out.at(-1);
  assert.equal(last?.type, 'kml-done', last?.type === 'failed' ? last.message : '');
  const progress = out.filter((m) => m.type === 'progress');
  return { ...last, progress };
}

describe('KMZ in the territory check', () => {
  it('checks the KML inside a .kmz, says so, and hands that KML back to be sent', async () => {
    const file = kmz();
    const done = await checkKml([{ name: '1_regions.kmz', file }]);
    const [r] = done.files;
    assert.equal(r?.level, 1);
    assert.equal(r?.summary.fileError, undefined);
    assert.deepEqual([r?.summary.valid, r?.summary.invalid], [1, 1]);
    assert.match(
      r?.summary.warnings[0] ?? '',
      /^a KMZ \(zipped KML\)\. The platform takes KML, so the KML inside it \(doc\.kml\) is what was checked and what will be sent, as a \.kml file; your \.kmz is not changed\.$/,
    );
    assert.equal(await r?.kml?.text(), kml, 'the KML, byte for byte');
    assert.deepEqual(
      done.collection.features.map((f) => [f.properties.name, f.properties.ok]),
      [
        ['Central Texas', true],
        ['Bow Tie', false],
      ],
    );
    // Progress counts the picked file's bytes, so the bar ends at the size the user sees.
    assert.equal(done.progress.at(-1)?.bytes, file.size);
  });

  it('reads an older KMZ whose KML is not named doc.kml', async () => {
    const done = await checkKml([{ name: 'areas.KMZ', file: kmz({ 'Areas.kml': kml }) }]);
    assert.equal(done.files[0]?.summary.valid, 1);
    assert.equal(done.files[0]?.level, null);
    assert.match(done.files[0]?.summary.warnings[0] ?? '', /\(Areas\.kml\)/);
  });

  it('fails a KMZ without KML, or not a ZIP, with what to do, and sends nothing for it', async () => {
    const done = await checkKml([
      { name: '1_photos.kmz', file: kmz({ 'files/a.png': 'PNG' }) },
      { name: '2_text.kmz', file: new Blob([kml]) },
    ]);
    assert.match(done.files[0]?.summary.fileError?.message ?? '', /holds no KML .*Export/);
    assert.match(done.files[1]?.summary.fileError?.message ?? '', /not a ZIP archive/);
    assert.ok(done.files.every((f) => f.kml === undefined));
    assert.equal(done.collection.features.length, 0);
  });

  it('reads a .kml as before: no KML handed back, no warning', async () => {
    const done = await checkKml([{ name: '1_regions.kml', file: new Blob([kml]) }]);
    assert.equal(done.files[0]?.kml, undefined);
    assert.deepEqual(done.files[0]?.summary.warnings, []);
    assert.equal(done.files[0]?.summary.valid, 1);
  });
});

describe('KMZ in the wizard (picker, names, files sent)', () => {
  const territories = { kind: 'territories' } as const;
  const profile = profiles.classic;

  it('the picker takes .kmz for territories; the platform profile itself does not change', () => {
    const p = withKmzTerritories(profile);
    assert.equal(acceptFor(territories, p), '.kml,.zip,.kmz');
    assert.equal(rejectFiles(territories, p, [{ name: '1_regions.kmz', size: 10 }]), null);
    assert.match(
      rejectFiles(territories, p, [{ name: 'regions.kmx', size: 10 }]) ?? '',
      /not a .kml or .zip or .kmz file/,
    );
    assert.ok(!profile.drops.some((d) => d.extensions.includes('.kmz')));
  });

  it('a KMZ is named and sent as .kml; other files go as picked, in order', async () => {
    const clock = () => new Date(0);
    assert.equal(remoteNameFor(territories, false, 'regions.kmz', '', clock), '1_regions.kml');
    assert.equal(remoteNameFor(territories, false, '2_areas.KMZ', '', clock), '2_areas.kml');
    assert.equal(kmlNameFor('2_areas.KMZ'), '2_areas.kml');
    const a = new File([new Uint8Array(4)], '1_regions.kmz', { lastModified: 5 });
    const b = new File(['<kml/>'], '2_areas.kml');
    const sent = territoryFilesToSend(
      [a, b],
      [{ name: '1_regions.kmz', kml: new Blob([kml]) }, { name: '2_areas.kml' }],
    );
    assert.equal(sent[0]?.name, '1_regions.kml');
    assert.equal(await sent[0]?.text(), kml);
    assert.equal(sent[0]?.lastModified, 5);
    assert.equal(sent[1], b);
  });
});
