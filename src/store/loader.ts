/**
 * The engine side of an import: what a store must offer so that `ingest/` can load files with its
 * own rules (which path, what is a duplicate or a conflict, what upsert replaces, how the counts
 * reconcile). A loader only speaks its dialect: it stages sources, types and checks them, compares
 * keys and rows, and publishes rows into the canonical table. Every method runs inside the
 * caller's transaction.
 */
import type { Mapping } from '../schema/mapping.js';
import type { Source } from '../schema/source.js';
import type { TableName } from '../schema/tables.js';

/** One import: the files of one kind, read through one mapping. */
export interface LoadBatch {
  kind: TableName;
  mapping: Mapping;
  sources: Source[];
  importId: number;
  /** Dates and times outside this range are rejected as implausible. */
  dates: { from: Date; to: Date };
}

/** How the staged rows' keys compare with each other and with the rows already in the table. */
export interface KeyComparison {
  /** Rows whose key is new: the first of their key in the batch, absent from the table. */
  fresh: number;
  /** Rows identical in every column read to an earlier row of the batch or to the row in the table. */
  duplicates: number;
  /** Rows whose key appeared earlier in the batch with different values. */
  conflictsInBatch: number;
  /** Rows whose key is in the table with different values. */
  conflictsWithTable: number;
}

/** Reasons the rules give for conflicts, written to the rejects with the row's line. */
export interface ConflictReasons {
  inBatch: string;
  /** Null: conflicts with the table are not rejects (upsert replaces them). */
  withTable: string | null;
}

export interface ImportLoader {
  /**
   * The one-pass load for sources the engine can type and check while reading. Returns the rows
   * read when every one of them was accepted with a new, unique key; otherwise takes back what it
   * inserted and returns null, and the caller stages the sources.
   */
  loadDirect(batch: LoadBatch, progress: (phase: string) => void): Promise<number | null>;
  /**
   * Stages source `index` of the batch: reads it, types and checks every row, and writes rows that
   * fail a check or break the file's structure to the rejects with file, line, column and reason.
   */
  stage(batch: LoadBatch, index: number): Promise<{ read: number; rejected: number }>;
  /** Compares the keys and values of the staged rows that passed their checks. */
  compareKeys(batch: LoadBatch): Promise<KeyComparison>;
  /** Writes conflicting rows to the rejects; returns how many it wrote. */
  rejectConflicts(batch: LoadBatch, reasons: ConflictReasons): Promise<number>;
  /**
   * Inserts the fresh rows, and with `replace` the rows that conflict with the table in place of
   * the rows there; returns the rows inserted.
   */
  publish(batch: LoadBatch, options: { replace: boolean }): Promise<number>;
  /** Lines of the rejected rows of one file (physical, 1-based) that have no raw text yet. */
  rejectedLines(importId: number, file: string): Promise<number[]>;
  /** Sets the raw source text of rejected rows by line. */
  setRawLines(importId: number, file: string, raw: Map<number, string>): Promise<void>;
  /** Drops everything staged. */
  discard(batch: LoadBatch): Promise<void>;
}
