/**
 * Principal components and factor analysis of standardised features: PCA two ways (eigen and SVD),
 * principal-axis extraction, varimax two ways (SVD iteration and Kaiser's pairwise rotations).
 */
export {
  type Extraction,
  type ExtractionOptions,
  type FactorAnalysisOptions,
  type FactorSolution,
  factorAnalysis,
  kaiserFactors,
  principalAxis,
  squaredMultipleCorrelations,
} from './factor-analysis.js';
export { correlationMatrix, type Matrix, multiply, svd, symmetricEigen, transpose } from './matrix.js';
export { type Pca, principalComponents, principalComponentsBySvd } from './pca.js';
export {
  type Rotation,
  type RotationOptions,
  varimax,
  varimaxCriterion,
  varimaxPairwise,
} from './varimax.js';
