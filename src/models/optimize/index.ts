export { type MinimizeOptions, type MinimizeResult, minimize, type Objective } from './bfgs.js';
export { invert, numericGradient, numericHessian } from './derivatives.js';
export { isPositiveDefinite, symmetricEigen } from './matrix.js';
