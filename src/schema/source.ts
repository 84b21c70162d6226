/**
 * Opened source files, as the readers hand them to the store: where the engine reads a file from
 * (CSV, Parquet) or the rows already read (JSON Lines, Excel). Types only, so that both `ingest/`
 * (which opens files) and `store/` (which imports them) depend on this module and not on each other.
 */

export type SourceFormat = 'csv' | 'parquet' | 'jsonl' | 'xlsx';

/** What every opened source has. */
interface OpenedFile {
  /** The file as the user named it (used in every message). */
  file: string;
  /**
   * Temporary files made while opening it (a decompressed or UTF-8 copy, under the scratch
   * folder). The caller deletes them when the import is over, whatever its outcome.
   */
  temp: string[];
}

export interface CsvSource extends OpenedFile {
  format: 'csv';
  /** UTF-8 text with LF or CRLF line ends for the engine: the original file, or a copy in `temp`. */
  path: string;
  delimiter: string;
  header: boolean;
  columns: string[];
  /** The original file's text encoding, as iconv-lite names it (`utf-8`, `gb18030`, `utf-16le`…). */
  encoding: string;
  /** Set when the original file is gzip-compressed (`path` is then a decompressed copy). */
  compression?: 'gzip';
}

export interface ParquetSource extends OpenedFile {
  format: 'parquet';
  /** The Parquet file for the engine: the original, or a decompressed copy in `temp`. */
  path: string;
  compression?: 'gzip';
}

export interface RowsSource extends OpenedFile {
  format: 'jsonl' | 'xlsx';
  columns: string[];
  /** Row values as text (null for missing), with their 1-based line (or sheet row). */
  rows: { line: number; values: (string | null)[] }[];
  /** Lines (or sheet rows) that could not be read at all, with the reason and the raw text. */
  broken: { line: number; reason: string; raw: string }[];
  /** JSON Lines: the original file's text encoding, as iconv-lite names it. */
  encoding?: string;
  /** JSON Lines: set when the original file is gzip-compressed. */
  compression?: 'gzip';
}

export type Source = CsvSource | ParquetSource | RowsSource;
