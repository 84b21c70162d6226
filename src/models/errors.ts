/** Raised for summary data a model cannot use; `problems` says which rule, how many rows and which. */
export class ModelInputError extends Error {
  constructor(
    message: string,
    readonly problems: readonly InputProblem[] = [],
  ) {
    super(message);
    this.name = 'ModelInputError';
  }
}

export interface InputProblem {
  rule: string;
  /** Number of rows that break the rule. */
  count: number;
  /** Zero-based indices of the first few offending rows. */
  rows: number[];
}
