/** File-name rules (contract §4, §5.7). std. */
export * from './file-names.ts';
