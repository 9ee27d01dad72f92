#!/usr/bin/env node
// Package bin: runs the TypeScript CLI through tsx (no build step needed after `npm install`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/sftp-import.ts');
process.exitCode = await main(process.argv.slice(2));
