/** Test helpers: run the validator over text or bytes in chosen chunk sizes. */
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import type {
  CsvValidationSummary,
  CsvValidatorOptions,
  RowPackage,
} from '../../../../core/csv/types.ts';
import type { ObjectSchema } from '../../../../core/schema/object-schema.ts';

export const enc = new TextEncoder();

export function validate(
  schema: ObjectSchema,
  input: string | Uint8Array,
  options: CsvValidatorOptions = {},
  chunkSizes: number | ((k: number) => number) = 1 << 20,
): { summary: CsvValidationSummary; packages: RowPackage[] } {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const packages: RowPackage[] = [];
  const v = createCsvValidator(schema, { ...options, onPackage: (p) => void packages.push(p) });
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = Math.max(1, typeof chunkSizes === 'number' ? chunkSizes : chunkSizes(k));
    v.push(bytes.subarray(at, at + size));
    at += size;
  }
  return { summary: v.end(), packages };
}

export const contactLike: ObjectSchema = {
  object: 'Contact',
  fields: [
    { name: 'FirstName', type: 'text', required: true, maxLength: 80 },
    { name: 'LastName', type: 'text', required: true, maxLength: 80 },
    { name: 'Email', type: 'email' },
    { name: 'Birthday', type: 'date' },
    { name: 'Subscribed', type: 'boolean' },
  ],
};
