/** The contract map's own rules: channel names, one object per direction, no secret on the way back. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { eventContract, invokeContract } from '../../../../core/ipc/contract.ts';

const secretish = /^(password|passphrase|secret|privateKey|token|key)$/i;

/** Every object key a schema can produce, walking nested objects, arrays, optionals and unions. */
function keysOf(schema: z.ZodType, path = ''): string[] {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
  const out: string[] = [];
  if (def.type === 'object') {
    for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      out.push(`${path}${k}`, ...keysOf(v, `${path}${k}.`));
    }
  }
  for (const inner of ['innerType', 'element', 'in', 'out'] as const) {
    if (def[inner]) out.push(...keysOf(def[inner] as z.ZodType, path));
  }
  if (Array.isArray(def.options)) {
    for (const o of def.options as z.ZodType[]) out.push(...keysOf(o, path));
  }
  return out;
}

describe('invokeContract', () => {
  it("names every channel 'area:verb-noun' in lower kebab case", () => {
    for (const name of [...Object.keys(invokeContract), ...Object.keys(eventContract)]) {
      assert.match(name, /^[a-z]+:[a-z]+(-[a-z]+)*$/, name);
    }
  });

  it('takes exactly one object per request and rejects anything else', () => {
    for (const [name, c] of Object.entries(invokeContract)) {
      assert.equal(c.request.safeParse(undefined).success, false, name);
      assert.equal(c.request.safeParse('x').success, false, name);
      assert.equal(c.request.safeParse([]).success, false, name);
    }
  });

  it('has no field that could carry a secret in any response or event', () => {
    const leaks: string[] = [];
    for (const [name, c] of Object.entries(invokeContract)) {
      for (const key of keysOf(c.response)) {
        // privateKeyPath is a file path, not a key.
        if (secretish.test(key.split('.').at(-1) ?? '') && !key.endsWith('privateKeyPath')) {
          leaks.push(`${name} → ${key}`);
        }
      }
    }
    for (const [name, schema] of Object.entries(eventContract)) {
      for (const key of keysOf(schema)) {
        if (secretish.test(key.split('.').at(-1) ?? '')) leaks.push(`${name} → ${key}`);
      }
    }
    assert.deepEqual(leaks, []);
  });

  it('finds secret-like fields where they belong, so the walk above really looks inside', () => {
    const keys = keysOf(invokeContract['sites:save'].request);
    assert.ok(keys.includes('secret'));
    assert.ok(keys.includes('site.hostKey.fingerprint'));
  });
});
