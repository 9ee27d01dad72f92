/** Picks files in an `<input type="file">` as a user would (the input's `files`, then change). */
import { fireEvent } from '@testing-library/react';

export function pickFile(input: HTMLElement, files: File[]): void {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  fireEvent.change(input);
}

/** A CSV file of the given text. */
export function csvFile(name: string, text: string): File {
  return new File([text], name, { type: 'text/csv' });
}
