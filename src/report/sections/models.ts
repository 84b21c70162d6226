/** Lifetime models: every fit of the run, its holdout check and which one was chosen. */
import { htmlTable, type Part, paragraph, type Section } from '../section.js';

const fitsTable: Part = async (ctx) => {
  const rows = await ctx.query<{
    model: string;
    stage: string;
    customers: number | null;
    log_likelihood: number | null;
    converged: boolean | null;
    holdout_actual: number | null;
    holdout_predicted: number | null;
    holdout_error: number | null;
    chosen: boolean | null;
  }>(
    `SELECT model, stage, customers, log_likelihood, converged, holdout_actual, holdout_predicted, holdout_error, chosen
     FROM model_fits WHERE run_id = $1`,
  );
  const order = (r: { stage: string }) => (r.stage === 'calibration' ? 0 : 1);
  rows.sort((a, b) => order(a) - order(b));
  const { t, f } = ctx;
  const yes = '✓';
  const table = htmlTable(
    [
      t('models.model'),
      t('models.stage'),
      t('models.customers'),
      t('models.logLikelihood'),
      t('models.status'),
      t('models.holdoutActual'),
      t('models.holdoutPredicted'),
      t('models.holdoutError'),
      t('models.chosen'),
    ],
    rows.map((r) => [
      t.name('model', r.model),
      t.name('stage', r.stage),
      f.integer(r.customers),
      f.number(r.log_likelihood, 1),
      r.converged === null
        ? t('report.none')
        : r.converged
          ? t('status.converged')
          : t('status.notConverged'),
      f.number(r.holdout_actual, 1),
      f.number(r.holdout_predicted, 1),
      f.number(r.holdout_error, 3),
      r.chosen ? yes : '',
    ]),
    [2, 3, 5, 6, 7],
  );
  return table + paragraph(t('models.note'));
};

export const modelsSection: Section = {
  id: 'models',
  title: 'section.models',
  tables: ['model_fits'],
  parts: [fitsTable],
};
