/**
 * Pairs a file's columns with a template's (issue 12, contract §8 `prepare`): exact names first,
 * then names equal but for case, spaces and punctuation, then known synonyms (`E-mail` → `Email`,
 * `Zip code` → `Zip`), then the closest spelling when only one template column is that close.
 * Every file column ends either paired (with the reason, for the user to confirm) or explicitly
 * not imported; a required template column left without a pair is named with its likeliest
 * candidates. Plain data in and out, for the CLI and the app's worker. std.
 */
import type { ObjectSchema } from '../schema/object-schema.ts';
import { reservedColumns } from '../schema/object-schema.ts';

export type TemplateColumn = {
  name: string;
  required: boolean;
  /** A reserved column (External*Id, RelatedTo): matched by name only, never guessed. */
  reserved?: boolean;
};

export type MatchReason = 'exact' | 'same-letters' | 'synonym' | 'spelling' | 'chosen';

/** One file column paired with one template column. */
export type ColumnPairing = { from: string; index: number; to: string; reason: MatchReason };

export type ColumnMatch = {
  /** In file order. */
  pairs: ColumnPairing[];
  /** File columns that will not be imported (by choice or with no match), in file order. */
  notImported: { from: string; index: number }[];
  /** Required template columns with no file column, and the unpaired file columns likeliest to be it. */
  missingRequired: { to: string; candidates: string[] }[];
};

/** A user's choice: file column `from` goes to template column `to` ('' = not imported). */
export type ColumnChoice = { from: string; to: string };

/** The columns a template accepts: its fields, then the reserved columns it does not list. */
export function templateColumns(schema: ObjectSchema): TemplateColumn[] {
  const cols: TemplateColumn[] = schema.fields.map((f) => ({
    name: f.name,
    required: f.required === true,
  }));
  const have = new Set(cols.map((c) => c.name.toLowerCase()));
  for (const r of Object.values(reservedColumns)) {
    if (!have.has(r.toLowerCase())) cols.push({ name: r, required: false, reserved: true });
  }
  return cols;
}

/** A column name reduced to lower-case letters and digits, accents dropped ("E-mail" → "email"). */
export function columnKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Known other names, by {@link columnKey}: each maps to the template columns it may mean, in
 * order of preference (only those the template has count).
 */
const synonymList: readonly [readonly string[], readonly string[]][] = [
  [['emailaddress', 'mail', 'emailid', 'courriel', 'emailadresse'], ['Email']],
  [['first', 'givenname', 'forename', 'fname', 'firstnames', 'vorname', 'prenom'], ['FirstName']],
  [['last', 'surname', 'familyname', 'lname', 'nachname', 'nom'], ['LastName']],
  [
    [
      'companyname',
      'organization',
      'organisation',
      'org',
      'business',
      'businessname',
      'accountname',
      'firm',
      'firma',
      'employer',
    ],
    ['Company', 'Name'],
  ],
  [['company'], ['Name']],
  [['zipcode', 'postalcode', 'postcode', 'postal', 'plz', 'zippostalcode', 'postcodezip'], ['Zip']],
  [
    [
      'phonenumber',
      'telephone',
      'tel',
      'telefon',
      'mobile',
      'cell',
      'cellphone',
      'phoneno',
      'mobilephone',
    ],
    ['Phone'],
  ],
  [['street', 'streetaddress', 'address1', 'addressline1', 'strasse', 'adresse'], ['Address']],
  [['town', 'ort', 'ville', 'stadt'], ['City']],
  [['province', 'region', 'stateprovince', 'county'], ['State']],
  [['countrycode', 'nation', 'land', 'pays'], ['Country']],
  [['url', 'web', 'homepage', 'site', 'webaddress', 'websiteurl'], ['Website']],
  [['birthdate', 'dateofbirth', 'dob'], ['Birthday']],
  [['leadstatus', 'stage'], ['Status']],
  [['numberofemployees', 'headcount', 'employeecount', 'staff'], ['Employees']],
  [['revenue', 'annualsales', 'sales'], ['AnnualRevenue']],
  [['lat'], ['Latitude']],
  [['lng', 'lon', 'long'], ['Longitude']],
  [['followupdate', 'nextfollowup', 'followupon'], ['FollowUp']],
  [['amount', 'dealvalue', 'dealamount'], ['Value']],
  [['sector'], ['Industry']],
  [['optin', 'newsletter', 'subscriber'], ['Subscribed']],
  [['fullname'], ['Name']],
];

/**
 * Looser other names, by {@link columnKey}: never paired on their own (too vague), but named
 * first when a required column is missing ("maybe Location?" before "maybe Notes?").
 */
const hintList: readonly [readonly string[], string][] = [
  [['location', 'where', 'place', 'addr', 'addressline', 'line1', 'mailingaddress'], 'Address'],
  [['billingaddress', 'shippingaddress', 'streetname', 'road', 'siteaddress'], 'Address'],
  [['biz', 'bizname', 'customer', 'client', 'account', 'store', 'shop', 'dealer'], 'Company'],
  [['customername', 'clientname', 'company', 'business', 'organisation', 'store'], 'Name'],
  [['given', 'christianname'], 'FirstName'],
  [['family', 'lastnames'], 'LastName'],
];
const hints = new Map<string, Set<string>>();
for (const [keys, to] of hintList) {
  const set = hints.get(to) ?? new Set<string>();
  for (const k of keys) set.add(k);
  hints.set(to, set);
}

const synonyms = new Map<string, string[]>();
for (const [keys, targets] of synonymList) {
  for (const k of keys) synonyms.set(k, [...(synonyms.get(k) ?? []), ...targets]);
}

/** Optimal-string-alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * How likely file column `key` is meant as template column `to` (lower is likelier): a known or
 * looser other name first, then a name holding the other ("Home address"), then by spelling,
 * relative to the names' length so a short unrelated name ("Notes") does not come first.
 */
function candidateRank(key: string, to: string): number {
  const t = columnKey(to);
  if (synonyms.get(key)?.includes(to) || hints.get(to)?.has(key)) return 0;
  if (key.length >= 3 && (key.includes(t) || t.includes(key))) return 1;
  return 2 + editDistance(key, t) / Math.max(key.length, t.length, 1);
}

/** How many edits still count as a misspelling of a name of `length` letters. */
const spellingSlack = (length: number): number =>
  length <= 3 ? 0 : length <= 5 ? 1 : length <= 10 ? 2 : 3;

/**
 * Pairs `header` (the file's first row) with the template. `chosen` pairs come first and win
 * (a `to` of '' leaves that column out); the rest is matched as the module header says.
 * Returns an error message when a choice names a column that does not exist.
 */

export function matchColumns(
  header: readonly string[],
  template: readonly TemplateColumn[],
  chosen: readonly ColumnChoice[] = [],
): { ok: true; value: ColumnMatch } | { ok: false; message: string } {
  const target = new Array<string | undefined>(header.length);
  const reason = new Array<MatchReason | undefined>(header.length);
  const decided = new Array<boolean>(header.length).fill(false);
  const taken = new Set<string>();
  /** Columns the user chose to leave out: never offered as candidates. */
  const leftOut = new Set<number>();
  const byLower = new Map(template.map((t) => [t.name.toLowerCase(), t]));

  for (const c of chosen) {
    const from = c.from.trim();
    let k = header.findIndex((h) => h.trim() === from);
    if (k === -1) k = header.findIndex((h) => h.trim().toLowerCase() === from.toLowerCase());
    if (k === -1) {
      return {
        ok: false,
        message: `The file has no column "${from}" (its columns are: ${header.map((h) => h.trim()).join(', ')}). Check the name before "=" in --map.`,
      };
    }
    const toName = c.to.trim();
    if (toName === '') {
      decided[k] = true;
      leftOut.add(k);
      continue;
    }
    const t = byLower.get(toName.toLowerCase());
    if (t === undefined) {
      return {
        ok: false,
        message: `The template has no column "${toName}" (its columns are: ${template
          .filter((x) => !x.reserved)
          .map((x) => x.name)
          .join(', ')}). Check the name after "=" in --map.`,
      };
    }
    if (taken.has(t.name)) {
      return {
        ok: false,
        message: `Two columns are mapped to "${t.name}". Map one file column to each template column.`,
      };
    }
    decided[k] = true;
    target[k] = t.name;
    reason[k] = 'chosen';
    taken.add(t.name);
  }

  /** One stage: each open column's candidate targets; a target claimed twice goes to nobody. */
  const stage = (why: MatchReason, candidates: (name: string, k: number) => string[]): void => {
    const claims = new Map<string, number[]>();
    for (let k = 0; k < header.length; k++) {
      if (decided[k] || header[k]!.trim() === '') continue;
      const free = candidates(header[k]!, k).filter((t) => !taken.has(t));
      if (free.length === 0) continue;
      const t = free[0]!;
      claims.set(t, [...(claims.get(t) ?? []), k]);
    }
    for (const [t, ks] of claims) {
      // The same name twice: the first keeps it (the platform reports the duplicate).
      if (ks.length > 1 && (why === 'synonym' || why === 'spelling')) continue;
      const k = ks[0]!;
      decided[k] = true;
      target[k] = t;
      reason[k] = why;
      taken.add(t);
    }
  };

  stage('exact', (h) => template.filter((t) => t.name === h.trim()).map((t) => t.name));
  stage('same-letters', (h) => {
    const key = columnKey(h);
    return template.filter((t) => columnKey(t.name) === key).map((t) => t.name);
  });
  const plain = template.filter((t) => !t.reserved);
  stage('synonym', (h) => {
    const names = synonyms.get(columnKey(h)) ?? [];
    return names.flatMap((n) => plain.filter((t) => t.name === n).map((t) => t.name));
  });
  stage('spelling', (h) => {
    const key = columnKey(h);
    const slack = spellingSlack(key.length);
    if (slack === 0) return [];
    const scored = plain
      .filter((t) => !taken.has(t.name))
      .map((t) => ({ t: t.name, d: editDistance(key, columnKey(t.name)) }))
      .sort((a, b) => a.d - b.d);
    const [first, second] = scored;
    if (first === undefined || first.d > slack) return [];
    if (second !== undefined && second.d === first.d) return []; // ambiguous: ask
    return [first.t];
  });

  const pairs: ColumnPairing[] = [];
  const notImported: { from: string; index: number }[] = [];
  for (let k = 0; k < header.length; k++) {
    const t = target[k];
    if (t !== undefined) pairs.push({ from: header[k]!, index: k, to: t, reason: reason[k]! });
    else notImported.push({ from: header[k]!, index: k });
  }
  const missingRequired = template
    .filter((t) => t.required && !taken.has(t.name))
    .map((t) => ({
      to: t.name,
      candidates: notImported
        .filter((c) => c.from.trim() !== '' && !leftOut.has(c.index))
        .map((c) => ({ c: c.from.trim(), d: candidateRank(columnKey(c.from), t.name) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 3)
        .map((x) => x.c),
    }));
  return { ok: true, value: { pairs, notImported, missingRequired } };
}

/**
 * The pairings worth showing as suggestions for a file checked as it is (`validate --json`'s
 * `columnSuggestions`): those whose name the platform would not recognise (it matches names
 * ignoring case only, contract appendix).
 */
export function columnSuggestions(match: ColumnMatch): { from: string; to: string }[] {
  return match.pairs
    .filter((p) => p.from.trim().toLowerCase() !== p.to.toLowerCase())
    .map((p) => ({ from: p.from, to: p.to }));
}
