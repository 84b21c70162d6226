/** English messages of the report's sections on demographic segments, clusters and factor analysis. */
export const enSegments = {} as const;
