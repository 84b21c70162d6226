/** Numerical integration. */

/** 16-point Gauss–Legendre nodes on [−1, 1], positive half (the others are their negatives). */
export const GL_X = Float64Array.from([
  0.0950125098376374, 0.2816035507792589, 0.4580167776572274, 0.6178762444026438, 0.755404408355003,
  0.8656312023878318, 0.9445750230732326, 0.9894009349916499,
]);
/** Weights of the nodes GL_X (and of their negatives). */
export const GL_W = Float64Array.from([
  0.1894506104550685, 0.1826034150449236, 0.1691565193950025, 0.1495959888165767, 0.1246289712555339,
  0.0951585116824928, 0.0622535239386479, 0.0271524594117541,
]);

/** Composite 16-point Gauss–Legendre quadrature of f on [a, b] with `panels` panels. */
export function gaussLegendre(f: (u: number) => number, a: number, b: number, panels: number): number {
  const h = (b - a) / panels;
  let total = 0;
  for (let k = 0; k < panels; k++) {
    const mid = a + (k + 0.5) * h;
    const half = h / 2;
    for (let i = 0; i < GL_X.length; i++) {
      total += GL_W[i] * half * (f(mid - half * GL_X[i]) + f(mid + half * GL_X[i]));
    }
  }
  return total;
}
