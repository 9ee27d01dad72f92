/**
 * The platform's template schema (`<Object>.schema.json`) as zod values. Contract §3.
 * std: runs in Node and the browser.
 */
import { z } from 'zod';

/** Every field type the platform knows (contract §3). */
export const FieldType = z.enum([
  'text',
  'number',
  'integer',
  'currency',
  'boolean',
  'date',
  'datetime',
  'email',
  'phone',
  'url',
  'picklist',
  'latitude',
  'longitude',
]);
export type FieldType = z.infer<typeof FieldType>;

/** One column of a template. */
export const FieldDef = z
  .object({
    name: z.string().min(1).max(200),
    type: FieldType.default('text'),
    required: z.boolean().optional(),
    maxLength: z.number().int().positive().optional(),
    options: z.array(z.string()).optional(),
    /** For `RelatedTo`: the object whose RecordIDs it names. */
    relatedObject: z.string().optional(),
  })
  .refine((f) => f.type !== 'picklist' || (f.options?.length ?? 0) > 0, {
    message: 'a picklist field needs a non-empty "options" list',
  });
export type FieldDef = z.infer<typeof FieldDef>;

/** One data object's template. */
export const ObjectSchema = z
  .object({
    object: z
      .string()
      .min(1)
      .max(100)
      .regex(
        /^[A-Za-z][A-Za-z0-9]*$/,
        'an object name is letters and digits, starting with a letter',
      ),
    fields: z.array(FieldDef).min(1),
  })
  .refine((s) => new Set(s.fields.map((f) => f.name.toLowerCase())).size === s.fields.length, {
    message: 'field names must be unique (case-insensitively)',
  });
export type ObjectSchema = z.infer<typeof ObjectSchema>;

/**
 * Reserved columns (contract §3). They are recognised by name whether or not a template lists
 * them; the mode decides which external id applies.
 */
export const reservedColumns = {
  externalLeadId: 'ExternalLeadId',
  externalDataObjectId: 'ExternalDataObjectId',
  externalPinId: 'ExternalPinId',
  relatedTo: 'RelatedTo',
} as const;

/** Parses an untrusted schema document into an ObjectSchema, or says what is wrong with it. */
export function parseObjectSchema(
  raw: unknown,
): { ok: true; value: ObjectSchema } | { ok: false; message: string } {
  const parsed = ObjectSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return {
    ok: false,
    message: `The schema file is not valid${where}: ${first?.message ?? 'unknown problem'}.`,
  };
}

/**
 * A schema built from a header-only template (the CSV the platform's web page gives): columns
 * are checked, types are not (contract §3).
 */
export function schemaFromHeader(object: string, header: readonly string[]): ObjectSchema {
  return {
    object,
    fields: header
      .map((h) => h.trim())
      .filter((h) => h.length > 0)
      .map((name) => ({ name, type: 'text' as const })),
  };
}
