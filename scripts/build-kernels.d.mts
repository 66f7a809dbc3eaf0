export function buildKernels(o?: { force?: boolean }): Promise<void>;
export const VARIANTS: Record<'relaxed' | 'simd' | 'relaxed-shared' | 'simd-shared', string[]>;
