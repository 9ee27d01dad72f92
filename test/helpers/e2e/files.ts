/** Files the e2e tests pick in the browser: small CSVs and KMLs made on the fly. node, tests only. */

const csv = (text: string) => ({ mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
const kml = (text: string) => ({
  mimeType: 'application/vnd.google-earth.kml+xml',
  buffer: Buffer.from(text, 'utf8'),
});

/** Three good leads (classic). */
export function goodLeads(name: string) {
  return {
    name,
    ...csv(
      'Company,FirstName,LastName,Email,Phone,Address,City,State,Zip,Country,Status,Value,FollowUp,ExternalLeadId\n' +
        'Acme Roofing,Ann,Lee,ann@acme.example,+1 512 555 0100,1 Main St,Austin,TX,78701,US,New,1200,2026-12-01,L-1\n' +
        'Birch Dental,Bo,Kim,bo@birch.example,512-555-0101,2 Oak Ave,Austin,TX,78702,US,Contacted,"3,400.50",12/15/2026,L-2\n' +
        'Cedar Cafe,Cy,Ng,,,"3 Elm Rd, Suite 4",Dallas,TX,75201,US,Qualified,,,L-3\n',
    ),
  };
}

/** Leads with local problems: a bad email, a date that does not exist, a missing company, a formula. */
export function badLeads(name: string) {
  return {
    name,
    ...csv(
      'Company,FirstName,Email,Address,Status,FollowUp\n' +
        'Acme,Ann,ann@,1 Main St,New,2026-02-31\n' +
        ',Bo,bo@x.example,2 Oak Ave,Won,2026-01-01\n' +
        '=HYPERLINK("http://x"),Cy,cy@x.example,3 Elm Rd,New,\n',
    ),
  };
}

/** Contacts whose RelatedTo names no Account: passes locally, fails on the server (contract §3). */
export function orphanContacts(name: string) {
  return {
    name,
    ...csv(
      'FirstName,LastName,Email,RelatedTo,ExternalDataObjectId\n' +
        'Dee,Park,dee@x.example,R-999999,C-1\n' +
        'Eli,Ross,eli@x.example,,C-2\n',
    ),
  };
}

/** The orphan contacts corrected: no RelatedTo that names a missing Account. */
export function fixedContacts(name: string) {
  return {
    name,
    ...csv(
      'FirstName,LastName,Email,RelatedTo,ExternalDataObjectId\n' +
        'Dee,Park,dee@x.example,,C-1\n' +
        'Eli,Ross,eli@x.example,,C-2\n',
    ),
  };
}

/** Accounts for the flexible demo's Account template (contract §7). */
export function goodAccounts(name: string) {
  return {
    name,
    ...csv(
      'Name,Industry,Employees,AnnualRevenue,Website,City,State,ExternalDataObjectId\n' +
        'Acme Roofing,Other,12,"$1,200,000",https://acme.example,Austin,TX,A-1\n' +
        'Birch Dental,Healthcare,40,3400000.50,https://birch.example,Austin,TX,A-2\n' +
        'Cedar Cafe,Retail,,,,Dallas,TX,A-3\n',
    ),
  };
}

/** Two more accounts (another file's content, so not a duplicate of goodAccounts). */
export function moreAccounts(name: string) {
  return {
    name,
    ...csv(
      'Name,Industry,Employees,Website,ExternalDataObjectId\n' +
        'Dune Bakery,Retail,8,https://dune.example,A-4\n' +
        'Elm Clinic,Healthcare,22,,A-5\n',
    ),
  };
}

/** A header-only template as the platform's web page gives it, under a download's name. */
export function accountTemplate(name = 'import-template (1).csv') {
  return {
    name,
    ...csv('Name,Industry,Employees,AnnualRevenue,Website,City,State,ExternalDataObjectId\n'),
  };
}

const ring = (x: number, y: number, d: number) =>
  `${x},${y} ${x + d},${y} ${x + d},${y + d} ${x},${y + d} ${x},${y}`;
const placemark = (name: string, coords: string) =>
  `<Placemark><name>${name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>${coords}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`;
const doc = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>${body}</Document></kml>`;

/** Level 1: two regions in Texas. */
export function regionsKml(name = '1_regions.kml') {
  return {
    name,
    ...kml(
      doc(
        placemark('Central Texas', ring(-99, 29, 2)) + placemark('North Texas', ring(-99, 31.5, 2)),
      ),
    ),
  };
}

/** Level 1 again: the two regions reshaped and a new one, West Texas. */
export function moreRegionsKml(name = '1_regions-2026.kml') {
  return {
    name,
    ...kml(
      doc(
        placemark('Central Texas', ring(-99.5, 29, 2.5)) +
          placemark('North Texas', ring(-99.5, 31.5, 2.5)) +
          placemark('West Texas', ring(-104, 30, 3)),
      ),
    ),
  };
}

/** Level 2: areas inside the regions; with `broken`, a bow-tie and a placemark without a name. */
export function areasKml(broken: boolean, name = '2_areas.kml') {
  const good =
    placemark('Austin Metro', ring(-98, 30, 0.5)) +
    placemark('Dallas Metro', ring(-97.5, 32.5, 0.5));
  const bad = broken
    ? placemark('Bow Tie', '-98.5,29.5 -98,30 -98,29.5 -98.5,30 -98.5,29.5') +
      `<Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>${ring(-97, 30, 0.3)}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>`
    : '';
  return { name, ...kml(doc(good + bad)) };
}

/** `rows` valid classic leads, as file bytes: big enough for an upload to have a middle. */
export function manyLeads(rows: number): Buffer {
  const lines = ['Company,FirstName,Email,Address,City,State,Zip,ExternalLeadId'];
  for (let i = 0; i < rows; i++) {
    lines.push(`Company ${i},Name${i},p${i}@example.com,${i} Main St,Austin,TX,78701,L-${i}`);
  }
  return Buffer.from(lines.join('\n') + '\n');
}
