#!/usr/bin/env node
// Package bin: runs the emulator's CLI through tsx (no build step needed after `npm install`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../server-emulator/cli.ts');
await main(process.argv.slice(2));
